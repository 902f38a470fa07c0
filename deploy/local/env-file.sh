# shellcheck shell=bash
# Sourced by ./dev. Reads the format of deploy/local/env/*.env, as platform-testing's LocalEnvFile
# does for the tests and the benchmarks.

# env_file_lines FILE: FILE's KEY=value lines (comments and blank lines dropped), each ${NAME} replaced
# once by the value of the shell variable NAME; an unset NAME is an error.
env_file_lines() {
  local file=$1 line name out
  while IFS= read -r line || [[ -n $line ]]; do
    [[ -z ${line// /} || $line == \#* ]] && continue
    [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { printf '%s: not KEY=value: %s\n' "$file" "$line" >&2; return 1; }
    out=""
    while [[ $line =~ \$\{([A-Za-z_][A-Za-z0-9_]*)\} ]]; do
      name=${BASH_REMATCH[1]}
      [[ -v $name ]] || { printf '%s: ${%s} is not supplied\n' "$file" "$name" >&2; return 1; }
      out+=${line%%"\${$name}"*}${!name}
      line=${line#*"\${$name}"}
    done
    printf '%s\n' "$out$line"
  done <"$file"
}
