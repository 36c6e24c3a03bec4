"""One module per resource: auth, cases, media, screening and the public pages."""
