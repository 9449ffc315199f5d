"""docgen: Python code generated from Microsoft Graph-style API reference pages."""

__version__ = "0.2.0"
