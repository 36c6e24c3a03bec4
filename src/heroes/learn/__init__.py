"""Prevention guide and training: short lessons for young people, parents and carers, educators and frontline
responders, in English, Spanish and Bengali, with a glossary that follows the Luxembourg Guidelines.

The lessons are data (heroes/learn/content, see heroes.learn.content); the dashboard serves them at /learn (offline
too), `heroes learn` lists them, shows the glossary, prints the handouts and checks edited content.
"""


def glossary_hint(*terms: str) -> str:
    """The line other commands print under output that uses these glossary terms (ids in glossary.yaml)."""
    commands = "; ".join(f"heroes learn glossary {t}" for t in terms)
    return f"What these words mean: {commands} (or /learn/glossary on the dashboard)"
