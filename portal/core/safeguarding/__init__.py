"""Safeguarding every feature uses: the flag each free-text entry point raises after saving (``flags``),
the help shown when a message suggests someone is at risk (``help``, ``public``) and the emergency
email (``alerts``). The staff's "Needs attention" queue is the ``portal.safeguarding`` feature."""
