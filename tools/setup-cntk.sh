#!/usr/bin/env bash
# The CNTK engine installer ships inside the core (so R and Python users have
# it too); this is the checkout's short name for it.
exec bash "$(dirname "$0")/../inst/python/multikeras/backend/cntk_engine/setup-cntk.sh" "$@"
