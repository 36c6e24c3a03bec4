"""The data types every part of the pipeline shares: items, locators, findings and analysers."""
