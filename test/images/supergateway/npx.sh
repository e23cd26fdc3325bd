#!/bin/sh
# npx without a network: the one package this image holds, at the one version the filesystem recipe pins;
# anything else fails as npx does when it cannot fetch a package.
[ "$1" = "-y" ] || [ "$1" = "--yes" ] && shift
want="@modelcontextprotocol/server-filesystem@@PINNED@"
if [ "$1" = "$want" ]; then
  shift
  exec /usr/bin/node /app/server-filesystem.mjs "$@"
fi
echo "npm error code E404" >&2
echo "npm error 404 Not Found - GET https://registry.npmjs.org/$1 - this test image holds only $want" >&2
exit 1
