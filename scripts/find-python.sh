#!/usr/bin/env bash
# Prints the path of a Python 3.12+ interpreter that runs: one on PATH first, then
# pyenv's versions folder (pyenv shims fail unless the version is selected).
set -u
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
for name in python3.13 python3.12 python3; do
  path=$(command -v "$name" 2>/dev/null) && ok "$path" && { echo "$path"; exit 0; }
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for path in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
    ok "$path" && { echo "$path"; exit 0; }
  done
fi
echo "Dziennik needs Python 3.12 or newer (Django 6), and none was found." >&2
echo "Install one, e.g. 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.12'," >&2
echo "or name it: make run PYTHON=/path/to/python3.12" >&2
exit 1
