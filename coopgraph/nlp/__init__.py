"""NLP: the statistical models (language identification, NER, sentences), loaded once."""
