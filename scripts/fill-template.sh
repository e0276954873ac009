# Sourced by deploy/nginx/render.sh and deploy/systemd/install.sh: fill_template FILE VALUES prints FILE with every
# @NAME@ replaced by ${VALUES[NAME]} (VALUES: the name of an associative array), and fails on a placeholder left.
fill_template() {
  local -n values=$2
  local text name left
  text=$(<"$1")
  shopt -u patsub_replacement 2>/dev/null || true   # bash 5.2: an '&' in a value stays an '&'
  for name in "${!values[@]}"; do
    text=${text//@$name@/${values[$name]}}
  done
  left=$(grep -o '@[A-Z_]*@' <<<"$text" | sort -u | tr '\n' ' ' || true)
  [ -z "$left" ] || { echo "$1: placeholders left unfilled: $left" >&2; return 1; }
  printf '%s\n' "$text"
}
