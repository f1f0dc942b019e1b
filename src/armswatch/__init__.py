"""armswatch: news about international arms transfers → a sourced event database."""

__version__ = "0.1.0"
