"""Printed documents: the receipt, the RIS and its plain-language summary, the QR code.

reportlab and qrcode are imported only under this package. ``model``, ``career`` and
``fmt`` are pure and cheap to import (the UI and the services use them); ``qr`` needs
qrcode only; ``receipt``, ``ris`` and ``ris_summary`` load reportlab.
"""
