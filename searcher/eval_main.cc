// fahras-eval: scores a TREC run against TREC qrels (see fahras/evaluation.h).
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>

#include "fahras/cli_version.h"
#include "fahras/evaluation.h"
#include "fahras/exit_status.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  std::string qrels_path, run_path;
  po::options_description visible(
      "Usage: fahras-eval QRELS RUN [--per-query]\n"
      "Prints MRR@10, nDCG@10, Recall@10, Recall@100 and MAP, averaged over every query\n"
      "of QRELS that has a relevant document (queries missing from RUN count as 0).\n"
      "\n"
      "Examples:\n"
      "  fahras-eval qrels.txt run.trec\n"
      "  fahras-eval --per-query qrels.txt run.trec\n"
      "\n"
      "Exit status: 0 success, 1 unreadable or malformed QRELS or RUN, 2 bad usage.\n"
      "\n"
      "Options");
  visible.add_options()("help,h", "show this help")("version", "show the version and exit")(
      "per-query,q", "also print every metric for each query");
  po::options_description hidden;
  hidden.add_options()("qrels", po::value(&qrels_path)->required(), "")("run", po::value(&run_path)->required(), "");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description pos;
  pos.add("qrels", 1).add("run", 1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << visible << '\n';
      return fahras::kExitSuccess;
    }
    if (vm.count("version")) {
      std::cout << fahras::version_line("fahras-eval") << '\n';
      return fahras::kExitSuccess;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "fahras-eval: " << e.what() << " (see --help)\n";
    return fahras::kExitUsage;
  }

  try {
    auto qrels = fahras::eval::load_qrels(qrels_path);
    auto run = fahras::eval::load_run(run_path);
    auto result = fahras::eval::evaluate(qrels, run);
    fahras::eval::write_report(std::cout, result, vm.count("per-query") > 0);
  } catch (const std::exception& e) {
    std::cerr << "fahras-eval: " << e.what() << '\n';
    return fahras::kExitRefused;
  }
  return fahras::kExitSuccess;
}
