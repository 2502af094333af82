#!/usr/bin/env bash
# Installs the system tools the test suite uses as oracles and peers, when they are missing.
# On CI (CI=true) a missing oracle is fatal; elsewhere the affected tests report that they skipped.
set -uo pipefail

need_apt=()
command -v git-filter-repo >/dev/null 2>&1 || need_apt+=(git-filter-repo)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v ansible-playbook >/dev/null 2>&1 || need_apt+=(ansible-core)
command -v pre-commit >/dev/null 2>&1 || need_apt+=(pre-commit)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${need_apt[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >/dev/null 2>&1 \
      || echo "warning: could not install ${need_apt[*]}; tests that need them will say they skipped" >&2
  else
    echo "note: missing ${need_apt[*]} (not root); tests that need them will say they skipped" >&2
  fi
fi

missing=()
for tool in git kubectl terraform git-filter-repo ansible-playbook chromium pre-commit; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "error: required oracle(s) missing on CI: ${missing[*]}" >&2
    exit 1
  fi
  echo "note: missing ${missing[*]}; tests that need them will say they skipped" >&2
fi
exit 0
