def extract_entities(): pass
