"""bank-statement.py CLIENTS RECEIVABLES N OUT EXPECT [SEED]: a bank statement for the
bank-import benchmark, as a bank's client system exports it for 1C: 1CClientBankExchange 1.03,
Windows-1251, CR LF, a header, one СекцияРасчСчет whose balances add up, then N incoming
payment orders to our account (and one outgoing for every hundred, which the import skips),
КонецФайла.

CLIENTS: tab-separated id, code, legal name, INN, KPP ("" for a sole trader), account.
RECEIVABLES: tab-separated id, client id, document number as in the database, open amount.
The payments, in a random order of a fixed seed (each receivable named at most once, so what
the import must do is known exactly):
   72 %  one receivable, its whole amount            -> matched
    8 %  two receivables of one client, their sum    -> matched
    5 %  one receivable, 40-90 % of it               -> matched (the receivable partly paid)
    5 %  one receivable and 100-5000 roubles more    -> partly (an advance left)
    7 %  a client's, naming no document              -> unmatched
    3 %  a payer no client has the INN of            -> unmatched, no client
EXPECT gets "name value" lines: payments, matched, partly, unmatched, unknown, allocated
(roubles), outgoing."""
import datetime
import random
import sys

OUR_ACCOUNT = "40702810400000012345"
OUR = ("ООО «Полька»", "7701012342", "770101001", "044525593", "АО «АЛЬФА-БАНК»", "30101810200000000593")
BANKS = [("044525225", "ПАО СБЕРБАНК", "30101810400000000225"),
         ("044525974", "АО «ТБанк»", "30101810145250000974"),
         ("044525187", "Банк ВТБ (ПАО)", "30101810700000000187"),
         ("042809679", "ПАО «Совкомбанк»", "30101810300000000679"),
         ("044030653", "СЕВЕРО-ЗАПАДНЫЙ БАНК ПАО СБЕРБАНК", "30101810500000000653")]
SUPPLIERS = [("ООО «Упаковка Плюс»", "6901122333", "690101001", "40702810600000004512"),
             ("АО «Мука и сахар»", "5003123458", "500301001", "40702810100020003307")]
GOODS = ["кондитерские изделия", "молочную продукцию", "продукты питания", "хлебобулочные изделия",
         "печенье и вафли", "товар"]


def inn_digit(digits, weights):
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def inn10(prefix9):
    return prefix9 + str(inn_digit(prefix9, [2, 4, 10, 3, 5, 9, 4, 6, 8]))


def money(kopecks):
    return "%d.%02d" % (kopecks // 100, kopecks % 100)


def ddmmyyyy(d):
    return d.strftime("%d.%m.%Y")


def vat_text(rnd, kopecks):
    rate = rnd.choice([10, 20, 0])
    if rate == 0:
        return "НДС не облагается"
    vat = kopecks * rate // (100 + rate)
    return rnd.choice(["в т.ч. НДС %d%% - %s руб." % (rate, money(vat)),
                       "В том числе НДС (%d%%) %s" % (rate, money(vat).replace(".", "-"))])


def number_as_written(rnd, doc):
    """A document's number as a payer types it: as printed, or its digits only."""
    digits = doc.split("-")[-1]
    return rnd.choice([doc, digits.lstrip("0"), digits])


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    clients_path, recv_path, n, out_path, expect_path = sys.argv[1:6]
    n = int(n)
    rnd = random.Random(int(sys.argv[6]) if len(sys.argv) == 7 else 20261205)
    clients = {}
    for line in open(clients_path, encoding="utf-8"):
        cid, code, name, inn, kpp, account = line.rstrip("\n").split("\t")
        clients[cid] = {"code": code, "name": name, "inn": inn, "kpp": kpp, "account": account,
                        "bank": BANKS[int(cid) % len(BANKS)], "open": []}
    for line in open(recv_path, encoding="utf-8"):
        rid, cid, doc, amount = line.rstrip("\n").split("\t")
        rub, _, kop = amount.partition(".")
        clients[cid]["open"].append((doc, int(rub) * 100 + int((kop + "00")[:2])))
    for c in clients.values():
        rnd.shuffle(c["open"])
    ids = sorted(clients, key=int)

    counts = {"exact2": n * 8 // 100, "under": n * 5 // 100, "over": n * 5 // 100,
              "nonum": n * 7 // 100, "unknown": n * 3 // 100}
    counts["exact1"] = n - sum(counts.values())
    kinds = [k for k, v in counts.items() for _ in range(v)]
    rnd.shuffle(kinds)
    if sum(len(c["open"]) for c in clients.values()) < counts["exact1"] + 2 * counts["exact2"] + counts["under"] \
            + counts["over"]:
        sys.exit("bank-statement.py: too few receivables for %d payments" % n)

    def take(k):
        """k receivables of one client, never named before."""
        for _ in range(100000):
            c = clients[rnd.choice(ids)]
            if len(c["open"]) >= k:
                return c, [c["open"].pop() for _ in range(k)]
        sys.exit("bank-statement.py: no client with %d receivables left" % k)

    day0 = datetime.date(2026, 12, 1)
    days = [day0 + datetime.timedelta(days=i) for i in range(5)]
    docs = []
    allocated = 0
    unknown_seq = 0
    for i, kind in enumerate(kinds):
        day = days[i * len(days) // n]
        named = []
        if kind == "unknown":
            unknown_seq += 1
            inn = inn10("96%07d" % unknown_seq)
            payer = {"name": rnd.choice(["ООО «Ромашка-%d»", "ООО «Торговый дом «Восток-%d»»",
                                         "АО «Снабжение %d»"]) % unknown_seq,
                     "inn": inn, "kpp": inn[:4] + "01001",
                     "account": "40702810%012d" % (500000000000 + unknown_seq), "bank": rnd.choice(BANKS)}
            kopecks = rnd.randint(1000, 500000) * 100
            purpose = "Оплата по счету № %d от %s за %s. %s" % (rnd.randint(1, 999), ddmmyyyy(day - datetime.timedelta(days=rnd.randint(1, 20))),
                                                                rnd.choice(GOODS), vat_text(rnd, kopecks))
        elif kind == "nonum":
            payer = clients[rnd.choice(ids)]
            kopecks = rnd.randint(500, 200000) * 100 + rnd.randint(0, 99)
            purpose = rnd.choice(["Оплата за %s по договору поставки. %s",
                                  "Предоплата за %s согласно договору. %s"]) % (rnd.choice(GOODS), vat_text(rnd, kopecks))
        else:
            payer, named = take(2 if kind == "exact2" else 1)
            total = sum(a for _, a in named)
            if kind in ("exact1", "exact2"):
                kopecks = total
                allocated += total
            elif kind == "under":
                kopecks = max(1, total * rnd.randint(40, 90) // 100)
                allocated += kopecks
            else:
                kopecks = total + rnd.randint(100, 5000) * 100
                allocated += total
            nums = [number_as_written(rnd, d) for d, _ in named]
            date = ddmmyyyy(day - datetime.timedelta(days=rnd.randint(3, 40)))
            if kind == "exact2":
                purpose = "Оплата по накладным %s, %s от %s. %s" % (nums[0], nums[1], date, vat_text(rnd, kopecks))
            elif kind == "under":
                purpose = "Частичная оплата по с/ф № %s от %s. %s" % (nums[0], date, vat_text(rnd, kopecks))
            elif kind == "over":
                purpose = "Оплата по УПД № %s от %s и предоплата за %s. %s" % (nums[0], date, rnd.choice(GOODS),
                                                                            vat_text(rnd, kopecks))
            else:
                purpose = rnd.choice(["Оплата по УПД № %s от %s, %s",
                                      "Оплата по счету № %s от %s за продукты. %s",
                                      "Оплата по накладной %s от %s. %s"]) % (nums[0], date, vat_text(rnd, kopecks))
        docs.append({"in": True, "number": str(10000 + i), "date": day, "amount": kopecks, "payer": payer,
                     "purpose": purpose[:210], "id": "%020X" % rnd.getrandbits(80) if rnd.random() < 0.6 else ""})
        if i % 100 == 99:
            s = rnd.choice(SUPPLIERS)
            docs.append({"in": False, "number": str(900 + i // 100), "date": day,
                         "amount": rnd.randint(10000, 900000) * 100, "supplier": s,
                         "purpose": "Оплата по счету № %d от %s за сырьё. НДС 20%%" % (rnd.randint(100, 9999), ddmmyyyy(day))})

    credited = sum(d["amount"] for d in docs if d["in"])
    debited = sum(d["amount"] for d in docs if not d["in"])
    opening = 1250000000
    lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows",
             "Отправитель=Бухгалтерия предприятия, редакция 3.0", "Получатель=",
             "ДатаСоздания=%s" % ddmmyyyy(days[-1] + datetime.timedelta(days=1)), "ВремяСоздания=09:14:07",
             "ДатаНачала=%s" % ddmmyyyy(days[0]), "ДатаКонца=%s" % ddmmyyyy(days[-1]),
             "РасчСчет=%s" % OUR_ACCOUNT, "Документ=Платежное поручение",
             "СекцияРасчСчет", "ДатаНачала=%s" % ddmmyyyy(days[0]), "ДатаКонца=%s" % ddmmyyyy(days[-1]),
             "РасчСчет=%s" % OUR_ACCOUNT, "НачальныйОстаток=%s" % money(opening),
             "ВсегоПоступило=%s" % money(credited), "ВсегоСписано=%s" % money(debited),
             "КонечныйОстаток=%s" % money(opening + credited - debited), "КонецРасчСчет"]
    for d in docs:
        lines += ["СекцияДокумент=Платежное поручение", "Номер=%s" % d["number"], "Дата=%s" % ddmmyyyy(d["date"]),
                  "Сумма=%s" % money(d["amount"])]
        if d["in"]:
            p = d["payer"]
            bic, bank, corr = p["bank"]
            lines += ["ПлательщикСчет=%s" % p["account"], "ДатаСписано=%s" % ddmmyyyy(d["date"]),
                      "Плательщик=ИНН %s %s" % (p["inn"], p["name"]), "ПлательщикИНН=%s" % p["inn"],
                      "Плательщик1=%s" % p["name"], "ПлательщикКПП=%s" % (p["kpp"] or "0"),
                      "ПлательщикБанк1=%s" % bank, "ПлательщикБИК=%s" % bic, "ПлательщикКорсчет=%s" % corr,
                      "ПолучательСчет=%s" % OUR_ACCOUNT, "ДатаПоступило=%s" % ddmmyyyy(d["date"]),
                      "Получатель=ИНН %s %s" % (OUR[1], OUR[0]), "ПолучательИНН=%s" % OUR[1],
                      "Получатель1=%s" % OUR[0], "ПолучательКПП=%s" % OUR[2], "ПолучательБанк1=%s" % OUR[4],
                      "ПолучательБИК=%s" % OUR[3], "ПолучательКорсчет=%s" % OUR[5]]
        else:
            name, inn, kpp, account = d["supplier"]
            lines += ["ПлательщикСчет=%s" % OUR_ACCOUNT, "ДатаСписано=%s" % ddmmyyyy(d["date"]),
                      "Плательщик1=%s" % OUR[0], "ПлательщикИНН=%s" % OUR[1], "ПлательщикКПП=%s" % OUR[2],
                      "ПлательщикБИК=%s" % OUR[3], "ПолучательСчет=%s" % account, "Получатель1=%s" % name,
                      "ПолучательИНН=%s" % inn, "ПолучательКПП=%s" % kpp, "ПолучательБИК=044525225"]
        lines += ["ВидПлатежа=", "ВидОплаты=01", "Код=0", "Очередность=5", "НазначениеПлатежа=%s" % d["purpose"]]
        if d.get("id"):
            lines.append("ИдентификаторДокумента=%s" % d["id"])
        lines.append("КонецДокумента")
    lines.append("КонецФайла")
    with open(out_path, "wb") as f:
        f.write("".join(line + "\r\n" for line in lines).encode("cp1251"))
    with open(expect_path, "w", encoding="utf-8") as f:
        f.write("payments %d\nmatched %d\npartly %d\nunmatched %d\nunknown %d\nallocated %s\noutgoing %d\n" % (
            n, counts["exact1"] + counts["exact2"] + counts["under"], counts["over"],
            counts["nonum"] + counts["unknown"], counts["unknown"], money(allocated),
            sum(1 for d in docs if not d["in"])))


main()
