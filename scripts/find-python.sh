#!/usr/bin/env bash
# Prints the path of a Python of the project's one version (the image's, development's and CI's:
# the Dockerfile's FROM python:<version>-slim; tests/test_compose.py checks they agree) that runs:
# one on PATH first, then pyenv's versions folder (pyenv shims fail unless the version is selected).
set -u
VERSION=3.13
ok() { "$1" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$VERSION'.split('.'))))" >/dev/null 2>&1; }
for name in "python$VERSION" python3 python; do
  path=$(command -v "$name" 2>/dev/null) && ok "$path" && { echo "$path"; exit 0; }
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for path in $(ls -d "$root"/versions/"$VERSION".*/bin/python3 2>/dev/null | sort -rV); do
    ok "$path" && { echo "$path"; exit 0; }
  done
fi
echo "Dziennik runs on Python $VERSION (the version of its image and CI), and none was found." >&2
echo "Install it, e.g. 'apt-get install python$VERSION python$VERSION-venv' or 'pyenv install $VERSION'," >&2
echo "or name it: make run PYTHON=/path/to/python$VERSION" >&2
exit 1
