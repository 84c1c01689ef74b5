// Renders a parsed query back into fahras's query syntax, so a user (and the
// JSON answer's query.understood) can see what was actually searched: which
// words survived stop-word and common-word removal, how they were combined,
// and whether the parser read an operator as a plain word.
//
// Words appear as the terms the index matches: body words as their stems
// (الصينية -> صيني), title words as title:stem, wildcards as prefix*.
//
// Ownership: returns a new string. Thread safety: pure function.
#pragma once

#include <string>

#include <xapian.h>

namespace fahras {

// E.g. `صين OR روس`, `"وزير خارج" NEAR/10 لافروف`, `(صين OR هند) AND سلام`.
std::string describe_query(const Xapian::Query& query);

}  // namespace fahras
