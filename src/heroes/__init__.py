"""HEROES toolkit: forensic and OSINT tools against trafficking in human beings and child sexual exploitation."""

__version__ = "0.1.0"
