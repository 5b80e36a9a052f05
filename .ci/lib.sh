# Shared by the .ci scripts (sourced, not run): the helpers each of them would otherwise repeat.

# port_open PORT: something accepts connections on 127.0.0.1:PORT.
port_open() {
  timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# resolve_classpath WHO POM CPFILE [MVN ARGS...]: prints the runtime classpath of POM (a pom that
# only gathers jars, not a module of the build), resolved into CPFILE once and again whenever POM
# is newer. WHO prefixes the progress line on stderr.
resolve_classpath() {
  local who=$1 pom=$2 cpfile=$3
  shift 3
  if [[ ! -s "$cpfile" || "$pom" -nt "$cpfile" ]]; then
    echo "$who: resolving the classpath of $pom..." >&2
    mkdir -p "$(dirname "$cpfile")"
    mvn -q -B -f "$pom" "$@" dependency:build-classpath -Dmdep.outputFile="$cpfile" >&2
  fi
  cat "$cpfile"
}
