"""The list of tests that do not apply (not_applicable.txt): reading and matching."""

NA_PREFIX = 'not applicable: '


def read_not_applicable(path):
    """Entries of the not-applicable file as (nodeid, backends, reason).

    A line is `NODEID | REASON` or `NODEID @BACKEND[,BACKEND] | REASON`; NODEID
    is a file, a test (all its parametrizations) or one parametrization.
    `backends` is None when the entry holds on every backend.
    """
    entries = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            head, sep, reason = line.partition('|')
            if not sep or not reason.strip():
                raise ValueError('%s:%d: expected "NODEID | REASON", got %r' % (path, number, line))
            nodeid, _, backends = head.strip().partition(' @')
            entries.append((nodeid.strip(),
                            backends.strip().split(',') if backends else None,
                            reason.strip()))
    return entries


def not_applicable_reason(nodeid, entries, backend):
    """The reason `nodeid` does not apply on `backend`, or None."""
    for entry, backends, reason in entries:
        if backends is not None and backend not in backends:
            continue
        if nodeid == entry or nodeid.startswith(entry + '::') or nodeid.startswith(entry + '['):
            return reason
    return None
