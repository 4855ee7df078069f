"""The CNTK engine: `engine.py` (Python 2.7, imports cntk) runs in its own
process; `client.py` (Python 3) starts it and talks to it. Importing this
package starts nothing."""
