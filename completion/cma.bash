# bash completion for cma(1): subcommands, their options, and the values
# of the options that take names (boards, allocators, formats, workloads),
# files and directories elsewhere.  Needs only bash; works with or without
# the bash-completion package.

# Fallbacks when the command cannot be asked (the names as of this
# version; the command's own lists win when it answers).
_cma_boards="goni aquila"
_cma_allocators="bf ff gbf gff tlsf buddy"
_cma_workloads="day framebuffer camera-preview imx6-gst jpeg-capture mfc-1080p mfc-720p mfc-wvga"
_cma_formats="cma-test ftrace trace-cmd trace.dat dmesg"

_cma_commands="info test gen import traces replay compare sweep mount umount top help version"

# Options per subcommand.  COMMON is the board and layout options.
_cma_common="-b --board --board-dtb -c --cma --cma-mainline -m --map"
_cma_opts_info="$_cma_common -r --resolve -j --json -h --help"
_cma_opts_test="$_cma_common -w --window -q --quiet -s --stats -d --db -n --name -h --help"
_cma_opts_gen="-s --seed -n --events -l --list -h --help"
_cma_opts_import="$_cma_common -d --db -f --format -n --name -h --help"
_cma_opts_traces="-d --db -r --replays -j --json -h --help"
_cma_opts_replay="$_cma_common -d --db -t --trace -a --allocator -j --json -n --no-save -h --help"
_cma_opts_compare="$_cma_common -d --db -t --trace -A --all -a --allocators -j --json -n --no-save -h --help"
_cma_opts_sweep="$_cma_common -d --db -t --trace -a --allocator -u --uniform -j --json -h --help"
_cma_opts_mount="$_cma_common -w --window -d --db --state -f --foreground -o -h --help"
_cma_opts_umount="-h --help"
_cma_opts_top="$_cma_common -d --db -t --trace -a --allocator --ascii --no-color --poll --stats -h --help"

# Options whose value is a word of this kind (every other option that
# takes a value takes free text).
_cma_file_opts="--board-dtb -w --window -d --db --state"

# The allocators the command registers ("cma info" lists them).
_cma_list_allocators() {
	local out
	out=$("$1" info 2>/dev/null | sed -n '/^allocators/,/^$/{/^  /s/^  \([^ ]*\).*/\1/p}')
	echo "${out:-$_cma_allocators}"
}

_cma_list_workloads() {
	local out
	out=$("$1" gen --list 2>/dev/null | sed 's/ .*//')
	echo "${out:-$_cma_workloads}"
}

# Complete files (-f) or directories (-d) for the current word.
_cma_files() {
	local IFS=$'\n'
	if [[ $1 == -d ]]; then
		COMPREPLY+=($(compgen -d -- "$2"))
	else
		COMPREPLY+=($(compgen -f -- "$2"))
	fi
	# Let readline add the '/' after directories and quote names.
	compopt -o filenames 2>/dev/null
}

_cma() {
	local cur prev cmd i words
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	# The subcommand: the first word after "cma" that is not an option.
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_cma_commands" -- "$cur"))
		fi
		return 0
	fi

	# The value of the option before the cursor.
	case $prev in
	-b | --board)
		COMPREPLY=($(compgen -W "$_cma_boards" -- "$cur"))
		_cma_files -f "$cur"
		return 0 ;;
	-a | --allocator | --allocators)
		if [[ $cmd != compare ]]; then
			COMPREPLY=($(compgen -W "$(_cma_list_allocators "$1")" -- "$cur"))
			return 0
		fi
		# compare takes a comma-separated list: complete the name after
		# the last comma.
		local head=${cur%,*} last=${cur##*,} a
		[[ $head == "$cur" ]] && head= || head=$head,
		for a in $(_cma_list_allocators "$1"); do
			[[ $a == "$last"* ]] && COMPREPLY+=("$head$a")
		done
		compopt -o nospace 2>/dev/null
		return 0 ;;
	-f | --format)
		[[ $cmd == import ]] && {
			COMPREPLY=($(compgen -W "$_cma_formats" -- "$cur"))
			return 0
		} ;;
	-c | --cma | --cma-mainline | -m | --map | -r | --resolve | -s | \
	    --stats | --seed | -n | --name | --events | -t | --trace | -o)
		# Free text, except the short options that take no value in
		# these subcommands (--no-save, --replays).
		case $cmd:$prev in
		replay:-n | compare:-n | traces:-r) ;;
		*) return 0 ;;
		esac ;;
	esac
	for i in $_cma_file_opts; do
		if [[ $prev == "$i" ]]; then
			_cma_files -f "$cur"
			return 0
		fi
	done

	if [[ $cur == -* ]]; then
		local var=_cma_opts_${cmd}
		COMPREPLY=($(compgen -W "${!var}" -- "$cur"))
		return 0
	fi

	# Operands.
	case $cmd in
	help)
		COMPREPLY=($(compgen -W "${_cma_commands% help version}" -- "$cur")) ;;
	gen)
		COMPREPLY=($(compgen -W "$(_cma_list_workloads "$1")" -- "$cur")) ;;
	import)
		_cma_files -f "$cur" ;;
	mount | umount | top)
		_cma_files -d "$cur" ;;
	esac
	return 0
}

complete -F _cma cma
