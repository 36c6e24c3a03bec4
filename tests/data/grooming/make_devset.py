"""Writes devset.jsonl, the labelled development set of the grooming detector (see README.md), deterministically.

Each warning-sign pool holds several plain-word phrasings; even-numbered phrasings are used only by the `train`
split and odd-numbered ones only by the `test` split, so the held-out figures measure phrasings the model and the
tuning never saw. Run: .venv/bin/python tests/data/grooming/make_devset.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SIGNS = {
    "en": {
        "trust": [
            "ur so mature for ur age honestly",
            "you are really special, not like other kids",
            "you can tell me anything, i'm always here for you",
            "u seem way older than ur friends",
            "i feel like i really get you",
            "you're soooo smart and pretty 😍",
            "we have a special connection dont we",
            "ur so different from the others, really mature",
        ],
        "age": [
            "how old r u btw?",
            "asl?",
            "what grade are you in",
            "so how old are you",
            "u in middle school or high school?",
            "what school do u go to",
            "are u like 13?",
            "wait how old r u again",
        ],
        "risk": [
            "r ur parents home rn?",
            "are you alone right now",
            "is anyone else home with u",
            "do ur parents check ur phone?",
            "when do ur parents get home from work",
            "are you in your room by yourself?",
            "where's your mom rn",
            "is ur door locked",
        ],
        "secrecy": [
            "dont tell ur parents about me ok",
            "this is our little secret 🤫",
            "delete our chat after ok?",
            "keep this between us",
            "no one needs to know we talk",
            "don't tell ur mom about our chats",
            "just between you and me ok",
            "pls delete these messages",
        ],
        "isolation": [
            "ur parents dont understand u like i do",
            "you dont need ur friends, u have me",
            "i'm the only one who really gets u",
            "ur friends don't care about you",
            "nobody understands you like i do",
            "only talk to me ok",
            "forget about them, ur mine",
            "your family doesn't appreciate you",
        ],
        "gifts": [
            "i can buy u robux if u want",
            "want some vbucks? ill send u some",
            "i'll get you a gift card 🎁",
            "do u want free robux",
            "i could buy you a new phone",
            "let me send u some money for the game",
            "i'll pay for ur battle pass",
            "i can top up ur phone",
        ],
        "platform": [
            "add me on snap",
            "do u have whatsapp? this app isnt safe",
            "lets talk on telegram instead",
            "whats ur snapchat",
            "give me ur number",
            "can we move to discord, more private",
            "hmu on insta",
            "this site isn't private, add me on kik",
        ],
        "photo": [
            "send me a pic of u",
            "can i see what u look like",
            "turn on ur cam",
            "send a selfie 📸",
            "let me see ur face",
            "what do u look like? send pic",
            "video call me tonight?",
            "show me a pic of yourself",
        ],
        "meeting": [
            "we should meet up sometime, just us",
            "where do u live?",
            "i can pick u up after school",
            "lets meet irl this weekend",
            "come over to my place",
            "what city r u in",
            "wanna hang out in person?",
            "send me ur location",
        ],
        "threat": [
            "if u dont i'll tell ur parents everything",
            "ill show everyone our chats",
            "u owe me after all i did",
            "ur gonna regret it",
            "i have ur pics, do what i say or else",
            "i'll post the screenshots",
        ],
        "sexual": [
            "what r u wearing",
            "have you ever kissed anyone?",
            "are u in bed rn",
            "i wanna hold u",
            "u have a bf?",
            "ur so hot",
        ],
    },
    "es": {
        "trust": [
            "eres muy madura para tu edad",
            "eres especial, no eres como las demas",
            "puedes contarme todo, siempre estoy para ti",
            "pareces mayor que tus amigas",
            "yo te entiendo mejor que nadie",
            "eres tan linda e inteligente 😍",
            "tenemos una conexion especial",
            "eres diferente, muy madura",
        ],
        "age": [
            "cuantos años tienes?",
            "q edad tienes",
            "en que curso estas",
            "y cuántos años tenés?",
            "vas a la secundaria?",
            "a que colegio vas",
            "tienes 13 o algo asi?",
            "oye cuantos anos tienes",
        ],
        "risk": [
            "estan tus padres en casa?",
            "estas sola ahora?",
            "hay alguien mas en tu casa",
            "tus padres revisan tu celular?",
            "a que hora llegan tus padres",
            "estas en tu cuarto sola?",
            "donde esta tu mama",
            "tas sola?",
        ],
        "secrecy": [
            "no le digas a tus padres de mi",
            "es nuestro secreto 🤫",
            "borra el chat despues ok",
            "esto queda entre nosotros",
            "nadie tiene que saber que hablamos",
            "no le cuentes nada a tu mama",
            "solo entre tu y yo",
            "borra los mensajes porfa",
        ],
        "isolation": [
            "tus padres no te entienden como yo",
            "no las necesitas, me tienes a mi",
            "soy el unico que te entiende",
            "tus amigas no te valoran",
            "nadie te quiere como yo",
            "solo habla conmigo ok",
            "olvidate de ellos",
            "tu familia no te aprecia",
        ],
        "gifts": [
            "te compro robux si quieres",
            "quieres pavos? te mando",
            "te regalo una tarjeta 🎁",
            "quieres robux gratis",
            "te compro un celular nuevo",
            "te paso dinero para el juego",
            "te pago el pase de batalla",
            "te recargo saldo",
        ],
        "platform": [
            "agregame en snap",
            "tienes whatsapp? aqui no es seguro",
            "hablemos por telegram mejor",
            "pasame tu numero",
            "dame tu insta",
            "sigamos por whatsapp, es mas privado",
            "escribeme al wsp",
            "esta app no es segura, agregame en discord",
        ],
        "photo": [
            "mandame una foto tuya",
            "quiero verte",
            "prende la camara",
            "pasame una selfie 📸",
            "dejame ver tu cara",
            "como eres fisicamente? manda foto",
            "hacemos videollamada esta noche?",
            "enviame fotos tuyas",
        ],
        "meeting": [
            "deberiamos vernos en persona",
            "donde vives?",
            "te paso a buscar a la salida del cole",
            "quedamos este finde a solas",
            "ven a mi casa",
            "en que ciudad vives",
            "quieres que nos veamos?",
            "pasame tu ubicacion",
        ],
        "threat": [
            "si no lo haces le cuento todo a tus padres",
            "voy a enseñar los mensajes a todos",
            "me lo debes",
            "te vas a arrepentir",
            "tengo tus fotos, haz lo que digo",
            "voy a subir las capturas a tu colegio",
        ],
        "sexual": [
            "que llevas puesto",
            "alguna vez has besado a alguien?",
            "estas en la cama?",
            "quiero abrazarte",
            "tienes novio?",
            "eres muy sexy",
        ],
    },
}
FILLER = {
    "en": [
        "hey",
        "hi :)",
        "lol",
        "that's cool",
        "what games do u play",
        "i like minecraft and roblox",
        "same haha",
        "how was school",
        "boring lol",
        "ok",
        "haha yeah",
        "idk",
        "nice",
        "what music do u like",
        "taylor swift",
        "omg same",
        "my day was ok",
        "u there?",
        "yeah sorry was eating",
        "k",
        "gtg soon",
        "cool cool",
    ],
    "es": [
        "hola",
        "holaa :)",
        "jaja",
        "que guay",
        "a que juegas",
        "al roblox y minecraft",
        "yo tambien jaja",
        "que tal el cole",
        "aburrido",
        "ok",
        "si jaja",
        "nose",
        "genial",
        "que musica te gusta",
        "bad bunny",
        "siii igual",
        "bien y tu",
        "estas?",
        "si perdon estaba comiendo",
        "vale",
        "me tengo que ir pronto",
        "ok ok",
    ],
}
ORDER = ["trust", "age", "risk", "gifts", "secrecy", "isolation", "platform", "photo", "meeting", "sexual", "threat"]

# Hard benign chats: the surface cues of grooming in innocent settings (the five the issue lists).
HARD = {
    "en": {
        "surprise_party": [
            ["A", "ok so the party for mia is saturday"],
            ["B", "don't tell her anything, it's a surprise!"],
            ["A", "i won't, our secret 🤫"],
            ["B", "keep it between us and her mom"],
            ["A", "who's bringing the cake"],
            ["B", "me! her mom said we can come over at 5"],
            ["A", "nobody tell mia lol"],
            ["B", "delete the group pic so she doesnt see"],
            ["A", "done"],
            ["B", "see u saturday"],
        ],
        "parent_home": [
            ["Mom", "hi sweetie are you home yet?"],
            ["Kid", "yes"],
            ["Mom", "is anyone else home? is your brother there"],
            ["Kid", "no he's at football"],
            ["Mom", "ok are you alone then? lock the door pls"],
            ["Kid", "ok mom"],
            ["Mom", "i'll pick you up at 6 for the dentist"],
            ["Kid", "ok"],
            ["Mom", "did you do your homework"],
            ["Kid", "almost"],
            ["Mom", "love you, see you soon"],
        ],
        "coach": [
            ["Coach", "hi team, practice moved to 4pm tomorrow"],
            ["Player", "ok coach"],
            ["Coach", "let's meet at the field by the gym"],
            ["Player", "can my dad drive me"],
            ["Coach", "sure, your parents can come watch too"],
            ["Player", "cool"],
            ["Coach", "where do you live, i can add you to the carpool list"],
            ["Player", "near the park"],
            ["Coach", "great, ask your mom to sign the form"],
            ["Player", "will do"],
        ],
        "cousins_pets": [
            ["Ana", "omg send me a pic of your new puppy"],
            ["Leo", "📸 here he is"],
            ["Ana", "sooo cute!! what's his name"],
            ["Leo", "biscuit"],
            ["Ana", "show me a video of him playing"],
            ["Leo", "ok sending"],
            ["Ana", "my cat is jealous lol, here's a selfie with her"],
            ["Leo", "haha"],
            ["Ana", "can i see him when we visit grandma"],
            ["Leo", "yes! bring the cat"],
        ],
        "gamers_trade": [
            ["Zed", "yo u still trading that dragon skin?"],
            ["Kai", "ya what u got"],
            ["Zed", "i'll give u 500 coins for it"],
            ["Kai", "make it 700"],
            ["Zed", "deal, add me on discord to trade"],
            ["Kai", "whats ur username"],
            ["Zed", "zed_plays"],
            ["Kai", "sent"],
            ["Zed", "i can send you the gems now"],
            ["Kai", "ok trade done gg"],
        ],
    },
    "es": {
        "surprise_party": [
            ["A", "la fiesta de lucia es el sabado"],
            ["B", "no le digas nada, es sorpresa!"],
            ["A", "tranqui, es nuestro secreto 🤫"],
            ["B", "esto queda entre nosotros y su mama"],
            ["A", "quien trae la tarta"],
            ["B", "yo! su mama dijo que vayamos a las 5"],
            ["A", "nadie le cuente a lucia jaja"],
            ["B", "borra la foto del grupo para que no la vea"],
            ["A", "hecho"],
            ["B", "nos vemos el sabado"],
        ],
        "parent_home": [
            ["Mama", "hola cariño ya llegaste a casa?"],
            ["Hijo", "si"],
            ["Mama", "hay alguien mas en casa? esta tu hermano"],
            ["Hijo", "no, esta en futbol"],
            ["Mama", "estas solo entonces? cierra la puerta"],
            ["Hijo", "vale mama"],
            ["Mama", "te recojo a las 6 para el dentista"],
            ["Hijo", "ok"],
            ["Mama", "hiciste la tarea?"],
            ["Hijo", "casi"],
            ["Mama", "te quiero, nos vemos"],
        ],
        "coach": [
            ["Entrenador", "hola equipo, el entrenamiento es mañana a las 4"],
            ["Jugador", "ok profe"],
            ["Entrenador", "nos vemos en la cancha del gimnasio"],
            ["Jugador", "me puede llevar mi papa?"],
            ["Entrenador", "claro, tus padres pueden venir a ver"],
            ["Jugador", "genial"],
            ["Entrenador", "donde vives? te apunto para compartir coche"],
            ["Jugador", "cerca del parque"],
            ["Entrenador", "perfecto, dile a tu mama que firme la hoja"],
            ["Jugador", "vale"],
        ],
        "cousins_pets": [
            ["Ana", "mandame una foto de tu perrito nuevo"],
            ["Leo", "📸 aqui esta"],
            ["Ana", "que lindo!! como se llama"],
            ["Leo", "galleta"],
            ["Ana", "pasame un video de el jugando"],
            ["Leo", "ok te lo mando"],
            ["Ana", "mi gato esta celoso jaja, te paso una selfie con ella"],
            ["Leo", "jaja"],
            ["Ana", "lo veo cuando vayamos a casa de la abuela"],
            ["Leo", "si! trae al gato"],
        ],
        "gamers_trade": [
            ["Zed", "oye sigues cambiando la skin del dragon?"],
            ["Kai", "si que tienes"],
            ["Zed", "te doy 500 monedas por ella"],
            ["Kai", "mejor 700"],
            ["Zed", "trato, agregame en discord para el intercambio"],
            ["Kai", "cual es tu usuario"],
            ["Zed", "zed_plays"],
            ["Kai", "enviado"],
            ["Zed", "te mando las gemas ya"],
            ["Kai", "listo gg"],
        ],
    },
}


def grooming_chat(rng: random.Random, lang: str, split: int) -> list[dict]:
    stages = sorted(rng.sample(ORDER[:9], rng.randint(3, 6)), key=ORDER.index)
    if rng.random() < 0.3:
        stages.append(rng.choice(["sexual", "threat"]))
    msgs, t = [], 1_700_000_000.0 + rng.randint(0, 10**6)
    for _ in range(rng.randint(1, 4)):
        for who in ("G", "C"):
            t += rng.randint(10, 300)
            msgs.append({"t": t, "from": who, "text": rng.choice(FILLER[lang])})
    for stage in stages:
        pool = SIGNS[lang][stage][split::2]
        t += rng.randint(10, 600)
        msgs.append({"t": t, "from": "G", "text": rng.choice(pool), "stage": stage})
        for _ in range(rng.choice([1, 1, 1, 2])):
            t += rng.randint(10, 300)
            msgs.append({"t": t, "from": "C", "text": rng.choice(FILLER[lang])})
    return msgs


def benign_chat(rng: random.Random, lang: str, kind: str) -> list[dict]:
    t = 1_700_000_000.0 + rng.randint(0, 10**6)
    script = HARD[lang][kind]
    msgs = []
    for who, text in script:
        t += rng.randint(10, 400)
        msgs.append({"t": t, "from": who, "text": text})
        if rng.random() < 0.3:
            t += rng.randint(10, 100)
            msgs.append({"t": t, "from": who, "text": rng.choice(FILLER[lang])})
    return msgs


def main() -> None:
    rng = random.Random(20261105)
    rows = []
    for lang in ("en", "es"):
        for split_i, split in enumerate(("train", "test")):
            for n in range(30):
                rows.append(
                    {
                        "id": f"{lang}-groom-{split}-{n}",
                        "lang": lang,
                        "label": "grooming",
                        "split": split,
                        "messages": grooming_chat(rng, lang, split_i),
                    }
                )
            for kind in HARD[lang]:
                for n in range(4):
                    rows.append(
                        {
                            "id": f"{lang}-{kind}-{split}-{n}",
                            "lang": lang,
                            "label": "hard_benign",
                            "kind": kind,
                            "split": split,
                            "messages": benign_chat(rng, lang, kind),
                        }
                    )
    out = Path(__file__).with_name("devset.jsonl")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


if __name__ == "__main__":
    main()
