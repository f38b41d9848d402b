#!/usr/bin/env bash
# Refresh the query editor's YASGUI (serve's /query page) from the npm registry.
#   bash scripts/vendor-yasgui.sh            # the version pinned below
#   bash scripts/vendor-yasgui.sh 4.7.0      # another one; then run tests/graph/test_serve_editor.py
# Only the built bundle is kept (js + css), its source-map comment removed so that no browser asks
# for a file that is not shipped; LICENSE is written from the package's own licence field (the
# npm package carries no LICENSE file), VERSION records what was fetched and its checksum.
set -euo pipefail

PACKAGE="@zazuko/yasgui"
VERSION="${1:-4.6.2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/normgraph/graph/static/yasgui"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
TARBALL="$(ls "$WORK"/*.tgz)"
tar -xzf "$TARBALL" -C "$WORK"
BUILD="$WORK/package/build"
LICENSE_ID="$(node -p "require('$WORK/package/package.json').license")"
[ "$LICENSE_ID" = "MIT" ] || { echo "vendor-yasgui: $PACKAGE $VERSION is $LICENSE_ID, not MIT: check before shipping" >&2; exit 1; }

mkdir -p "$DEST"
sed '/^\/\/# sourceMappingURL=/d' "$BUILD/yasgui.min.js" > "$DEST/yasgui.min.js"
sed '/^\/\*# sourceMappingURL=/d' "$BUILD/yasgui.min.css" > "$DEST/yasgui.min.css"
if grep -q 'sourceMappingURL' "$DEST/yasgui.min.js" "$DEST/yasgui.min.css"; then
  echo "vendor-yasgui: a source-map reference is left in the bundle" >&2; exit 1
fi

cat > "$DEST/LICENSE" <<LICENSE
$PACKAGE $VERSION (yasgui.min.js, yasgui.min.css), as published on the npm registry.
Licence: MIT, as declared by the package (package.json "license"); authors: Triply <info@triply.cc>
and Zazuko GmbH (package.json "author", "contributors"). The bundle includes its dependencies
(CodeMirror, DataTables, DOMPurify, choices.js, SortableJS, lodash, …), each under its own
licence, MIT or compatible.

MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE

{
  echo "package: $PACKAGE"
  echo "version: $VERSION"
  echo "tarball-sha256: $(sha256sum "$TARBALL" | cut -d' ' -f1)"
  echo "yasgui.min.js-sha256: $(sha256sum "$DEST/yasgui.min.js" | cut -d' ' -f1)"
  echo "yasgui.min.css-sha256: $(sha256sum "$DEST/yasgui.min.css" | cut -d' ' -f1)"
} > "$DEST/VERSION"
echo "vendored $PACKAGE $VERSION into ${DEST#"$ROOT"/}"
