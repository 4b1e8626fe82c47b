"""Ask the knowledge package directly, without Rasa, and see why it answers what it answers.

Usage: python -m bot.knowledge "la mutuelle est-elle obligatoire pour un apprenti ?" [...]
       python -m bot.knowledge --topic ge "et ses inconvénients ?"   (a follow-up on topic ge)
"""

from __future__ import annotations

import argparse

from bot.knowledge import ask, load, respond
from bot.knowledge.respond import analyse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", nargs="+")
    parser.add_argument("--topic", help="the topic of the conversation so far")
    parser.add_argument("--top", type=int, default=5, help="how many ranked units to show")
    args = parser.parse_args(argv)
    kb = load()
    current = args.topic
    last_unit = None
    for text in args.messages:
        question = ask(kb, text, current_topic=current, last_unit=last_unit)
        query = analyse(kb, question)
        print(f"» {text}")
        print(f"  topics={query.topics} aspect={query.aspect} kinds={sorted(query.kinds)} focus={query.focus!r}")
        for scored in kb.ranker.rank(query, args.top):
            parts = ", ".join(f"{k}={v:+.2f}" for k, v in scored.parts.items())
            print(f"  {scored.score:5.2f}  {scored.unit.id:45} {parts}")
        answer = respond(kb, question)
        print("  " + answer.text.replace("\n", "\n  "))
        print(f"  [{answer.status}] boutons : {[b.title for b in answer.buttons]}\n")
        current, last_unit = answer.topic or current, answer.unit or last_unit
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
