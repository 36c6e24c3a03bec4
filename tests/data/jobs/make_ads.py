"""Writes ads.csv: the small hand-written labelled set of trafficking-recruitment and ordinary ads (EN and ES).

Run `python tests/data/jobs/make_ads.py` after editing ADS; the CSV is what the tests read.
"""

import csv
from pathlib import Path

# (id, lang, label, expected red flag ids separated by ';', text)
ADS = [
    (
        "t-en-1",
        "en",
        "trafficking",
        "risky_work_abroad;travel_arranged;no_experience;messenger_contact;appearance_requirements",
        "Hostess work abroad in Dubai! Young girls aged 18-25 wanted for a luxury club. Free flight and accommodation "
        "provided. No experience needed. Contact us on WhatsApp only.",
    ),
    (
        "t-en-2",
        "en",
        "trafficking",
        "upfront_fee;documents_withheld;no_documents_needed",
        "Farm work in Europe. Pay a small registration fee of 300 euros to reserve your place. No work permit needed, "
        "the agency will keep your passport safe during the season.",
    ),
    (
        "t-en-3",
        "en",
        "trafficking",
        "pay_too_high;urgency;vague_employer;costs_deducted",
        "URGENT! A well-known international company is hiring cleaners. Earn $1500 per week. Start immediately. "
        "The ticket will be deducted from your first salary.",
    ),
    (
        "t-en-4",
        "en",
        "trafficking",
        "risky_work_abroad;appearance_requirements;travel_arranged",
        "Au pair jobs overseas for slim young ladies with good looks. Send your recent full-body photos. "
        "Visa arranged by us, we pay for your flight.",
    ),
    (
        "t-en-5",
        "en",
        "trafficking",
        "messenger_contact;no_experience;pay_too_high;urgency",
        "Easy money for students. No interview, no CV required. Limited places, apply now: message me on Telegram "
        "or write to jobs.abroad.fast@gmail.com",
    ),
    (
        "t-en-6",
        "en",
        "trafficking",
        "risky_work_abroad;travel_arranged;costs_deducted",
        "Massage therapists needed in Cyprus. Accommodation is provided by the employer. Travel costs are "
        "taken from your wages over the first months.",
    ),
    (
        "t-es-1",
        "es",
        "trafficking",
        "risky_work_abroad;appearance_requirements;travel_arranged;no_experience",
        "Se buscan chicas de buena presencia entre 18 y 25 años para trabajar de azafatas en Europa. Billete pagado "
        "y alojamiento incluido. Sin experiencia.",
    ),
    (
        "t-es-2",
        "es",
        "trafficking",
        "upfront_fee;documents_withheld;no_documents_needed",
        "Trabajo en el campo en España. Hay que pagar una cuota de inscripción de 200 euros. No se necesitan papeles. "
        "La empresa se encarga de guardar los documentos: tendrá que entregar su pasaporte al llegar.",
    ),
    (
        "t-es-3",
        "es",
        "trafficking",
        "pay_too_high;urgency;messenger_contact",
        "¡Urgente! Gana hasta 900 euros por semana cuidando personas mayores. Incorporación inmediata. "
        "Escríbeme por WhatsApp para más información.",
    ),
    (
        "t-es-4",
        "es",
        "trafficking",
        "vague_employer;costs_deducted;travel_arranged",
        "Importante empresa internacional ofrece trabajo en hoteles. Nosotros organizamos el viaje y el visado. "
        "Los gastos se descontarán del primer sueldo.",
    ),
    (
        "t-es-5",
        "es",
        "trafficking",
        "risky_work_abroad;no_documents_needed;pay_too_high",
        "Bailarinas para club nocturno en Japón. Sin papeles, sueldo muy alto, dinero fácil desde el primer día.",
    ),
    (
        "t-es-6",
        "es",
        "trafficking",
        "appearance_requirements;no_experience;messenger_mentioned",
        "Buscamos señoritas atractivas para modelo de catálogo. No se requiere experiencia. Envía tus fotos por "
        "Telegram.",
    ),
    (
        "o-en-1",
        "en",
        "ordinary",
        "",
        "Junior accountant at Harbour Accounting Ltd, Leeds. You will prepare monthly reports and reconcile ledgers. "
        "Requirements: AAT level 3 and two years of experience in a similar role. Salary 26,000 to 29,000 GBP a year, "
        "pension scheme and 25 days of holiday. Apply through our careers page with your CV and a cover letter; "
        "interviews take place at our office.",
    ),
    (
        "o-en-2",
        "en",
        "ordinary",
        "",
        "Software engineer (Python) for our data platform team in Berlin. We are a 60-person company building "
        "analytics tools for hospitals. You have three or more years of experience with Python and SQL. "
        "Two interview rounds with the team. Hybrid work, full-time, permanent contract.",
    ),
    (
        "o-en-3",
        "en",
        "ordinary",
        "",
        "Part-time shop assistant at the Riverside Garden Centre. Weekend shifts, 16 hours a week, paid at the "
        "national living wage. Friendly, reliable people who enjoy plants. Drop in to meet the manager or apply online.",
    ),
    (
        "o-en-4",
        "en",
        "ordinary",
        "",
        "Registered nurse for the night team of St Mary's Hospital. NMC registration required. Band 5 salary with "
        "unsocial hours allowance. Induction programme and mentoring for newly qualified nurses.",
    ),
    (
        "o-en-5",
        "en",
        "ordinary",
        "",
        "Delivery driver for a local bakery, early mornings, full clean driving licence required. Van provided for work "
        "use. Hourly pay plus overtime. Please send your CV to the bakery's office address listed on our website.",
    ),
    (
        "o-en-6",
        "en",
        "ordinary",
        "",
        "Marketing coordinator for a publishing house in Manchester. You will plan book launches and manage social "
        "media calendars. Degree in marketing or communications and one year of experience preferred.",
    ),
    (
        "o-es-1",
        "es",
        "ordinary",
        "",
        "Contable junior para Gestoría Ribera S.L. en Valencia. Funciones: conciliaciones bancarias y cierres mensuales. "
        "Requisitos: grado en ADE y dos años de experiencia. Contrato indefinido, jornada completa, salario según "
        "convenio. Envíe su currículum a través de nuestra página web.",
    ),
    (
        "o-es-2",
        "es",
        "ordinary",
        "",
        "Desarrollador web para una empresa de software de Sevilla. Experiencia con JavaScript y bases de datos. "
        "Proceso de selección con dos entrevistas. Teletrabajo parcial y horario flexible.",
    ),
    (
        "o-es-3",
        "es",
        "ordinary",
        "",
        "Dependiente a media jornada en una librería de Zaragoza. Turnos de tarde, contrato de seis meses con "
        "posibilidad de renovación. Se valorará el gusto por la lectura.",
    ),
    (
        "o-es-4",
        "es",
        "ordinary",
        "",
        "Enfermero o enfermera para el turno de noche del Hospital San Rafael. Colegiación obligatoria. "
        "Salario según convenio y formación continua.",
    ),
    (
        "o-es-5",
        "es",
        "ordinary",
        "",
        "Conductor de reparto para una panadería local, de madrugada. Carné de conducir B. La furgoneta es de la "
        "empresa. Pago por horas más horas extra.",
    ),
    (
        "o-es-6",
        "es",
        "ordinary",
        "",
        "Técnico de mantenimiento para una planta de tratamiento de agua en Bilbao. Formación profesional en "
        "electromecánica y tres años de experiencia. Entrevista en nuestras oficinas.",
    ),
]

if __name__ == "__main__":
    with (Path(__file__).parent / "ads.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "lang", "label", "flags", "description"])
        writer.writerows(ADS)
