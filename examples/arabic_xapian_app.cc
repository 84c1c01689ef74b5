// A plain Xapian application that adopts fahras's Arabic analysis: the only
// fahras-specific lines are the Xapian::Stem built on FahrasStemImplementation
// and fahras::normalize() applied to text before TermGenerator and to queries
// before QueryParser. Everything else is ordinary Xapian 1.4.
//
// It indexes a few sentences into an in-memory database and runs a few
// queries, printing the matching sentences; diacritics, hamza forms and
// inflections in the query do not matter.
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>

#include "fahras/normalizer.h"   // fahras::normalize
#include "fahras/xapian_stem.h"  // fahras::FahrasStemImplementation, fahras::FahrasStopper

int main() {
  const std::vector<std::string> sentences = {
      "افتتحت الوزارة ثلاث مدارس جديدة في القرى الجنوبية هذا العام.",
      "يدرّس المعلمون في المدرسة الابتدائية القراءة والكتابة والحساب.",
      "سافر الوفد إلى الصين لبحث التعاون في مجال الطاقة.",
      "قرأت الطالبة كتاباً عن تاريخ الأندلس في مكتبة الجامعة.",
  };
  const std::vector<std::string> queries = {"المَدْرَسَة", "مُعَلِّم", "والصين", "بكتابها الطالبات"};

  try {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);

    // The Arabic analysis, in Xapian's terms: a stemmer and a stopper.
    Xapian::Stem stem(new fahras::FahrasStemImplementation);  // Xapian owns it
    fahras::FahrasStopper stopper;

    Xapian::TermGenerator indexer;
    indexer.set_stemmer(stem);
    indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (const std::string& s : sentences) {
      Xapian::Document doc;
      doc.set_data(s);  // the original text, to show in results
      indexer.set_document(doc);
      indexer.index_text(fahras::normalize(s));  // normalise, then index
      db.add_document(doc);
    }

    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_stopper(&stopper);
    parser.set_default_op(Xapian::Query::OP_OR);

    for (const std::string& q : queries) {
      Xapian::Enquire enquire(db);
      enquire.set_query(parser.parse_query(fahras::normalize(q)));
      const Xapian::MSet mset = enquire.get_mset(0, 10);
      std::cout << "query " << q << ": " << mset.size() << " result(s)\n";
      for (auto it = mset.begin(); it != mset.end(); ++it)
        std::cout << "  " << *it << ". " << it.get_document().get_data() << '\n';
    }
  } catch (const Xapian::Error& e) {
    std::cerr << "arabic_xapian_app: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
