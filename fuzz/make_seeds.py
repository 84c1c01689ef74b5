#!/usr/bin/env python3
"""Writes the fuzz seed corpora under fuzz/corpus/<target>/ (run from anywhere).

All text is written for this file (no corpus excerpts): short Arabic
sentences plus the known traps for each target. Re-running rewrites the same
files; libFuzzer only reads them (scripts/fuzz fuzzes a copy under out/fuzz/).
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))


def u(s):
    return s.encode("utf-8")


# Text: real Arabic, then the normaliser's and tokeniser's traps.
TEXT = {
    "sentence": u("ذهب الطلاب إلى المدرسة صباحاً، وعادوا بعد الظهر؛ هل تعبوا؟ «نعم» قالوا."),
    "diacritics": u("وَقَالَ الْمُعَلِّمُ: اقْرَؤُوا الدَّرْسَ جَيِّداً، فَإِنَّهُ مُهِمٌّ هٰذِهِ المَرَّةَ."),
    "tatweel": u("جـــمـيـل جداً والـكـتـاب مـفـيـد"),
    "lam-alef": u("ﻻ ﻷ ﻹ ﻵ ﻼ ﻸ سلام ﻻﻋﺐ"),
    "presentation-forms": u("ﻛﺘﺎﺏ ﺍﻟﻤﺪﺭﺳﺔ ﷲ ﷺ ﷻ ﷼ ﹰ ﹱ ﹼ ﺀ"),
    "ligature-next-to-word-and-digit": u("محمدﷺ2025 5ﷺ ﷺﷺ ﷺ.3 أﷺب"),
    "bidi-controls": u("\u202bعربي\u202c \u200fكلمة\u200e \u2066abc\u2069 \u061cشي\u202aء\u202e"),
    "zwj-zwnj": u("می\u200cخواهم ك\u200dتاب \u200c\u200d \u200bفاصل"),
    "bom": u("\ufeffبداية النص\ufeff ونهايته"),
    "soft-hyphen": u("infor\u00admation كل\u2060مة"),
    "digits": u("٢٠٢٥ ۱۴۰۳ ٣٫٥ ١٬٠٠٠ 1,000 3.5 2025. 3. 5 3..5 .5 و2025 بـ3 ٣٫ x2.0.1"),
    "hamza-seats": u("مسؤول مسئول هادئ ماء شؤون شئون أإآٱ ٲٳٵ ٶٸ"),
    "quranic-marks": u("بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ ۝ ۞ ۩ ذَٰلِكَ ٱلْكِتَٰبُ ۛ"),
    "persian-urdu": u("ڪتاب کتاب ایران ہے ە ھ ۀ ۃ ۂ ے ۓ ې ێ ۍ"),
    "latin-and-folding": u("COVID19 g7 Straße ﬁle ΣΟΦΙΑ İstanbul don't ǅ ŉ ẞ K Ω"),
    "other-scripts": u("日本語 русский हिन्दी ४२ １２ 😀👍🏽 עברית"),
    "invalid-overlong": b"\xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf \xc1\xbf",
    "invalid-surrogates": b"\xed\xa0\x80 \xed\xbf\xbf \xed\xa0\x80\xed\xb0\x80 " + u("كتاب"),
    "invalid-range": b"\xf4\x90\x80\x80 \xf5\x80 \xff\xfe \x80\xbf " + u("قلم"),
    "truncated-2": u("كتاب ") + b"\xd8",
    "truncated-3": u("كتاب ") + b"\xe2\x80",
    "truncated-4": u("كتاب ") + b"\xf0\x9f\x98",
    "truncated-inside": u("كت") + b"\xd8" + u("اب ب") + b"\xe2\x80" + u("ب"),
    "nul-bytes": b"a\x00b " + u("كتاب") + b"\x00" + u("قلم") + b"\x00",
    "long-arabic-word": u("ب" * 61 + " " + "س" * 200 + " قصير"),
    "long-latin-word": b"x" * 121 + b" " + b"y" * 120 + b" z",
    "long-with-marks": u("كَ" * 70),
    "clitics": u("وبالكتاب فسيكتبونها والمعلمات لمدرستهم وكتبتموه بمكتباتهن"),
    "punctuation": u("«اقتباس» “quote” ‘x’ - — ، ؛ ؟ ! (أ) [ب] {ج} / \\ | ~ ^"),
    "empty": b"",
}

TEXT_TARGETS = ["fuzz_normalizer", "fuzz_tokenizer", "fuzz_stemmer", "fuzz_analyzer"]

JSONL = {
    "valid": u('{"id":"a1","title":"المكتبة العامة","text":"افتتحت المكتبة قاعة جديدة للقراءة."}\n'),
    "metadata": u('{"id":42,"text":"نص","url":"http://example.org/x","tags":["أ","b"],"n":1.5e300,"o":{"k":null}}\n'),
    "several-lines": u('{"id":"1","text":"الأول"}\n\n   \r\n{"id":"2","text":"الثاني"}\r\n'
                       '{"id":"3","text":"بلا سطر أخير"}'),
    "missing-fields": u('{"id":"x"}\n{"text":"بلا معرف"}\n{"id":"","text":"t"}\n{}\n'),
    "wrong-types": u('{"id":true,"text":"t"}\n{"id":"a","text":5}\n{"id":"a","title":7,"text":"t"}\n'
                     '{"id":"a","title":null,"text":"t"}\n{"id":1.5,"text":"t"}\n'),
    "deep-nesting": u('{"id":"d","text":"t","x":' + "[" * 80 + "]" * 80 + "}\n"
                      + '{"id":"e","text":"t","y":' + '{"a":' * 70 + "1" + "}" * 70 + "}\n"),
    "huge-numbers": u('{"id":123456789012345678901234567890,"text":"t"}\n'
                      '{"id":-9223372036854775809,"text":"t"}\n{"id":18446744073709551615,"text":"t"}\n'
                      '{"id":"n","text":"t","big":1e400,"neg":-0,"e":1E-400}\n'),
    "escaped-nul": u('{"id":"n","text":"a\\u0000b"}\n{"id":"\\u0000","text":"t"}\n{"id":"t","title":"\\u0000","text":"x"}\n'),
    "surrogate-escapes": u('{"id":"s1","text":"\\ud800"}\n{"id":"s2","text":"\\udc00"}\n'
                           '{"id":"s3","text":"\\ud800\\u0041"}\n{"id":"s4","text":"\\ud83d\\ude00 \\u0643"}\n'
                           '{"id":"s5","title":"\\udfff","text":"t"}\n{"id":"\\ud800","text":"t"}\n'),
    "escapes": u('{"id":"e\\"\\\\\\/\\b\\f\\n\\r\\t","text":"\\u0627\\u0644\\u0640 \\t"}\n'),
    "invalid-utf8": b'{"id":"b","text":"\xc0\xaf"}\n{"id":"c","text":"\xed\xa0\x80"}\n{"id":"d","text":"ok\xd8"}\n',
    "bom": b"\xef\xbb\xbf" + u('{"id":"bom","text":"نص"}\n'),
    "duplicate-keys": u('{"id":"a","id":"b","text":"x","text":"y","title":"1","title":"2"}\n'),
    "not-objects": u('[1,2]\n"str"\n42\nnull\ntrue\n{"id":"a","text":"b"} x\n{"id":"a",}\n{\n'),
    "whitespace-text": u('{"id":"w","text":"  \\t\\n "}\n{"id":"w2","text":""}\n'),
    "long-title": u('{"id":"t","title":"' + "عنوان" * 8 + '","text":"نص"}\n'),
    "long-id": u('{"id":"' + "i" * 241 + '","text":"t"}\n{"id":"' + "ب" * 120 + '","text":"t"}\n'),
    "long-line": u('{"id":"L","text":"' + "طويل " * 210 + '"}\n{"id":"ok","text":"بعده"}\n'),
    "text-file": u("عنوان المقال\n\nهذا نص عادي وليس JSON، وهو ملف نصي.\n"),
    "nul-in-line": b'{"id":"a","text":"x"}\x00\n',
}

QUERY = {
    "words": u("المكتبة العامة"),
    "phrase": u('"المكتبة العامة"'),
    "arabic-quotes": u("«المكتبة العامة» “الطقس”"),
    "title-field": u("title:الطقس كتب"),
    "title-empty": u('title: title:" title:('),
    "wildcard": u("كتب* ا*"),
    "star-alone": u("* ** *كتب"),
    "near": u("المدرب NEAR/5 الفريق"),
    "adj": u("الطقس ADJ/2 غدا NEAR NEAR/0 ADJ/999999999999"),
    "and-not": u("المكتبة AND NOT الطقس"),
    "boolean-mix": u("a OR b XOR c AND (d NOT e)"),
    "operators-alone": u("AND"),
    "not-first": u("NOT المكتبة"),
    "unbalanced-open": u("(((المكتبة)"),
    "unbalanced-close": u(")) المكتبة ("),
    "unclosed-quote": u('"الطقس معتدل'),
    "love-hate": u("+المكتبة -الطقس +-x"),
    "stop-words": u("في من على إلى"),
    "stop-phrase": u('"في من"'),
    "deep-parens": u("(" * 17 + "كتاب" + ")" * 17),
    "many-words": u(" ".join(["كلمة"] * 65)),
    "diacritics": u("الْمَكْتَبَةُ الـعـامـة"),
    "latin": u("Xapian SEARCH engine"),
    "lowercase-operators": u("and or not near"),
    "digits": u("٢٠٢٥ 2025 3.5"),
    "invalid-utf8": b"\xc0\xaf \xed\xa0\x80 \xd8",
    "nul": b"\x00 " + u("كتاب") + b"\x00",
    "ligatures": u("ﷺ ﻻ"),
    "punctuation-only": u("«» ، ؛ ؟ ..."),
    "prefix-chars": u("Z ZS Q Sx title:ZSx"),
}

SETS = {t: TEXT for t in TEXT_TARGETS}
SETS["fuzz_jsonl_reader"] = JSONL
SETS["fuzz_query"] = QUERY


def main():
    for target, seeds in SETS.items():
        d = os.path.join(HERE, "corpus", target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name, data in seeds.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        total = sum(len(v) for v in seeds.values())
        print(f"{target}: {len(seeds)} seeds, {total} bytes")


if __name__ == "__main__":
    main()
