# SPDX-License-Identifier: GPL-2.0-only
# bash completion for netsplitctl: its commands and their options, interface
# names where an option takes one, files where it takes a file, the values
# of the options that have a set of them. Installed as
# share/bash-completion/completions/netsplitctl; cli.bats checks that it
# offers every option each command's --help lists.

_netsplitctl()
{
	local cur prev words cword
	_init_completion || return

	local cmd='' i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--pin-root) ((i++)) ;;
		-*) ;;
		*)
			cmd=${words[i]}
			break
			;;
		esac
	done

	case $prev in
	--pin-root)
		_filedir -d
		return
		;;
	--pcap)
		_filedir '@(pcap|cap)'
		return
		;;
	--config)
		_filedir conf
		return
		;;
	--uplink | --host-link | --guard)
		_available_interfaces
		return
		;;
	--engine)
		COMPREPLY=($(compgen -W 'bpf native fw both all' -- "$cur"))
		return
		;;
	--host-state)
		COMPREPLY=($(compgen -W 'awake sleeping down' -- "$cur"))
		return
		;;
	--psk-file)
		_filedir
		return
		;;
	--socket)
		COMPREPLY=($(compgen -W 'unix:/run/netsplit/netsplitd.sock
			unix:/run/netsplit/cpd.sock' -- "$cur"))
		return
		;;
	--address | --slave-listens)
		return
		;;
	esac

	local opts
	case $cmd in
	'')
		opts='classify attach detach rules stats status sleep wake wifi'
		;;
	classify)
		opts='--pcap --config --address --host-state --slave-listens
			--engine --json'
		;;
	attach)
		opts='--uplink --host-link --guard --config --generic'
		;;
	detach)
		opts='--uplink --host-link --guard'
		;;
	rules)
		if [[ $prev == load ]]; then
			_filedir conf
			return
		fi
		opts='show load --json'
		;;
	stats)
		opts='--socket --json --prometheus'
		;;
	status)
		opts='--socket --json'
		;;
	sleep | wake)
		opts='--socket'
		;;
	wifi)
		opts='set --psk-file --open --socket'
		;;
	esac
	COMPREPLY=($(compgen -W "$opts --pin-root --help" -- "$cur"))
} &&
	complete -F _netsplitctl netsplitctl

# The daemons' options are what their --help lists (one table each, see
# userspace/lib/options.c); installed under each daemon's name too.
complete -F _longopt netsplitd netsplit-cpd netsplit-fw
