#!/usr/bin/env bash
# Sourced by bin/shoptide and bin/test: exports JAVA_HOME pointing at a JDK 21 or newer.
# Looks at $JAVA_HOME, then `java` on the PATH, then the usual install roots.
_shoptide_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
_shoptide_pick_jdk() {
  local c v
  for c in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
           /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(_shoptide_java_major "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME=$(_shoptide_pick_jdk); then
  echo "Shoptide needs a JDK 21 or newer (java and javac), and none was found in JAVA_HOME, on the PATH or under /usr/lib/jvm." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
if ! command -v mvn >/dev/null 2>&1; then
  echo "Shoptide builds with Apache Maven 3.8.7 or newer, and 'mvn' is not on the PATH (apt-get install maven)." >&2
  exit 1
fi
