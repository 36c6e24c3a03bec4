"""Grooming shield: early, explained, privacy-first warnings of online grooming in chats (issue 5).

`GroomingMonitor.feed(message)` is the streaming, on-device API; `open_conversations` reads chat exports
(WhatsApp, Telegram Desktop JSON, JSON lines, CSV); `scan_conversation` summarises one conversation.
"""

from heroes.grooming.formats import open_conversations, read_conversations, sniff
from heroes.grooming.model import ChatFormatError, Conversation, Message
from heroes.grooming.monitor import Alert, Evidence, GroomingMonitor, Settings
from heroes.grooming.scan import ScanResult, scan_conversation

__all__ = [
    "Alert",
    "ChatFormatError",
    "Conversation",
    "Evidence",
    "GroomingMonitor",
    "Message",
    "ScanResult",
    "Settings",
    "open_conversations",
    "read_conversations",
    "scan_conversation",
    "sniff",
]
