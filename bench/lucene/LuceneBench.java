// LuceneBench: Lucene 4.10 (Debian's liblucene4.10-java) on fahras's own passages, the
// reference point for speed that issue 20 names: Elasticsearch's `arabic` analyzer (Lucene's
// ArabicAnalyzer: standard tokenizer, lower case, Arabic stop words, Arabic normalisation,
// Arabic light stemmer), BM25 with default parameters (k1 1.2, b 0.75), one thread.
//
//   java -cp CLASSES:JARS LuceneBench index  --db DIR PASSAGES.tsv
//   java -cp CLASSES:JARS LuceneBench search --db DIR --queries FILE.tsv [--limit 100]
//        [--out RUN] [--latency-out FILE] [--warmup [--warmup-passes 1]] [--run-tag lucene]
//
// PASSAGES.tsv is `xapian-baseline passages` output (docid<TAB>passage, \\ \t \n \r escaped),
// so Lucene indexes exactly the passages fahras and xapian-baseline index. Each passage is one
// Lucene document: its text in `body` (analysed, positions kept, stored as Elasticsearch stores
// _source) and its source document id in `id` (stored, and as doc values for collapsing).
//
// Searching analyses the question with the same analyzer and ORs its terms, as an Elasticsearch
// `match` query does (QueryBuilder, one SHOULD clause per token), then keeps the best passage per
// source document, as xapian-baseline's collapse key and fahras do: it asks for more hits until
// `limit` documents are found or no more match. Timing covers building the query, matching,
// collapsing and fetching each kept hit's stored id; writing the run is not timed, as in
// xapian-baseline and fahras-search-latency. The summary line has their format, so
// scripts/bench-lucene reads all three alike.
//
// Exit status: 0 done; 2 bad usage, unreadable input or a Lucene error (one line on stderr).

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.apache.lucene.util.Version;

public final class LuceneBench {
  private static final Version VERSION = Version.LUCENE_4_10_4;
  private static final String BODY = "body";
  private static final String ID = "id";
  // Elasticsearch gives the indexing buffer 10% of the heap; the script runs the JVM with -Xmx1g.
  private static final double RAM_BUFFER_MB = 100.0;

  private static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String msg) { super(msg); }
  }

  /** --name value options and positional arguments, as the C++ tools take them. */
  private static final class Args {
    final java.util.Map<String, String> opts = new java.util.HashMap<>();
    final Set<String> flags = new HashSet<>();
    final List<String> positional = new ArrayList<>();

    Args(String[] argv, int from, Set<String> valued, Set<String> switches) throws UsageError {
      for (int i = from; i < argv.length; ++i) {
        String a = argv[i];
        if (a.startsWith("--")) {
          String name = a.substring(2);
          if (switches.contains(name)) {
            flags.add(name);
          } else if (valued.contains(name)) {
            if (i + 1 >= argv.length) throw new UsageError("option --" + name + " needs a value");
            opts.put(name, argv[++i]);
          } else {
            throw new UsageError("unknown option " + a);
          }
        } else {
          positional.add(a);
        }
      }
    }

    String required(String name) throws UsageError {
      String v = opts.get(name);
      if (v == null) throw new UsageError("--" + name + " is required");
      return v;
    }
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ++i) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  static BufferedReader open(String path) throws IOException {
    return new BufferedReader(new InputStreamReader(new FileInputStream(path), StandardCharsets.UTF_8), 1 << 16);
  }

  static Analyzer analyzer() {
    return new ArabicAnalyzer(); // Elasticsearch's `arabic` analyzer is this class with its defaults
  }

  static int index(String[] argv) throws Exception {
    Args a = new Args(argv, 1, new HashSet<>(Arrays.asList("db")), new HashSet<>());
    String db = a.required("db");
    if (a.positional.size() != 1) throw new UsageError("index takes one PASSAGES.tsv file");
    String input = a.positional.get(0);

    long t0 = System.nanoTime();
    IndexWriterConfig cfg = new IndexWriterConfig(VERSION, analyzer());
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    cfg.setSimilarity(new BM25Similarity());
    cfg.setRAMBufferSizeMB(RAM_BUFFER_MB);
    cfg.setMergeScheduler(new SerialMergeScheduler()); // one thread: merges run in the indexing thread
    long passages = 0;
    long bytes = 0;
    try (Directory dir = FSDirectory.open(new File(db));
         IndexWriter writer = new IndexWriter(dir, cfg);
         BufferedReader in = open(input)) {
      // One Document reused for every passage, as Lucene's indexing guide advises.
      Document doc = new Document();
      StringField idField = new StringField(ID, "", Field.Store.YES);
      SortedDocValuesField idValue = new SortedDocValuesField(ID, new BytesRef());
      Field body = new TextField(BODY, "", Field.Store.YES);
      doc.add(idField);
      doc.add(idValue);
      doc.add(body);
      String line;
      long lineNo = 0;
      while ((line = in.readLine()) != null) {
        ++lineNo;
        int tab = line.indexOf('\t');
        if (tab < 0) throw new IOException(input + ":" + lineNo + ": no tab (expected docid<TAB>passage)");
        String id = unescape(line.substring(0, tab));
        String text = unescape(line.substring(tab + 1));
        idField.setStringValue(id);
        idValue.setBytesValue(new BytesRef(id));
        body.setStringValue(text);
        writer.addDocument(doc);
        ++passages;
        bytes += line.length();
      }
      writer.commit();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "lucene index: passages=%d seconds=%.3f passages_per_s=%.1f%n", passages, secs,
                      secs > 0 ? passages / secs : 0.0);
    return 0;
  }

  private record QueryLine(String qid, String text) {}

  private record Hit(String docid, float score) {}

  static List<QueryLine> readQueries(String path) throws IOException {
    List<QueryLine> out = new ArrayList<>();
    try (BufferedReader in = open(path)) {
      String line;
      long lineNo = 0;
      while ((line = in.readLine()) != null) {
        ++lineNo;
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        if (line.trim().isEmpty()) continue;
        int tab = line.indexOf('\t');
        if (tab <= 0) { // as bench/latency_stats.h's read_queries
          System.err.println("LuceneBench: warning: " + path + ":" + lineNo + ": not qid<TAB>query, skipped");
          continue;
        }
        out.add(new QueryLine(line.substring(0, tab), line.substring(tab + 1)));
      }
    }
    return out;
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) return 0.0;
    // Nearest rank, as bench/latency_stats.h computes it.
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static int positive(Args a, String name, int fallback) throws UsageError {
    try {
      int v = Integer.parseInt(a.opts.getOrDefault(name, Integer.toString(fallback)));
      if (v > 0) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageError("--" + name + " wants a positive number");
  }

  static int search(String[] argv) throws Exception {
    Args a = new Args(argv, 1,
                      new HashSet<>(Arrays.asList("db", "queries", "limit", "out", "latency-out", "run-tag",
                                                  "warmup-passes")),
                      new HashSet<>(Arrays.asList("warmup")));
    String db = a.required("db");
    List<QueryLine> queries = readQueries(a.required("queries"));
    int limit = positive(a, "limit", 100);
    // The JIT compiles a method after thousands of calls, so one pass of a few hundred queries
    // leaves part of the search interpreted, which a long-running Elasticsearch node is not.
    int warmupPasses = a.flags.contains("warmup") ? positive(a, "warmup-passes", 1) : 0;
    String runTag = a.opts.getOrDefault("run-tag", "lucene");

    try (Directory dir = FSDirectory.open(new File(db)); DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setSimilarity(new BM25Similarity());
      QueryBuilder builder = new QueryBuilder(analyzer());
      SortedDocValues ids = MultiDocValues.getSortedValues(reader, ID);
      if (ids == null) throw new IOException(db + ": no `id` doc values (not made by LuceneBench index)");
      List<Hit> hits = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();

      // The run's work for one query: match, collapse on the source document, fetch ids.
      java.util.function.Consumer<QueryLine> runOne = q -> {
        hits.clear();
        Query query = builder.createBooleanQuery(BODY, q.text());
        if (query == null) return; // only stop words or punctuation
        try {
          int want = limit * 2;
          while (true) {
            TopDocs top = searcher.search(query, want);
            hits.clear();
            seen.clear();
            for (ScoreDoc sd : top.scoreDocs) {
              int ord = ids.getOrd(sd.doc);
              if (seen.add(ord)) {
                hits.add(new Hit(ids.lookupOrd(ord).utf8ToString(), sd.score));
                if (hits.size() == limit) break;
              }
            }
            if (hits.size() == limit || top.scoreDocs.length >= top.totalHits) return;
            want *= 4;
          }
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      };

      for (int pass = 0; pass < warmupPasses; ++pass) {
        for (QueryLine q : queries) runOne.accept(q);
      }
      Writer out = a.opts.containsKey("out")
                       ? new BufferedWriter(new OutputStreamWriter(new FileOutputStream(a.opts.get("out")),
                                                                   StandardCharsets.UTF_8))
                       : null;
      Writer lat = a.opts.containsKey("latency-out")
                       ? new BufferedWriter(new OutputStreamWriter(new FileOutputStream(a.opts.get("latency-out")),
                                                                   StandardCharsets.UTF_8))
                       : null;
      double[] ms = new double[queries.size()];
      long tAll = System.nanoTime();
      for (int i = 0; i < queries.size(); ++i) {
        QueryLine q = queries.get(i);
        long t0 = System.nanoTime();
        runOne.accept(q);
        ms[i] = (System.nanoTime() - t0) / 1e6;
        if (lat != null) lat.write(q.qid() + "\t" + ms[i] + "\n");
        if (out != null) {
          for (int r = 0; r < hits.size(); ++r) {
            Hit h = hits.get(r);
            out.write(q.qid() + " Q0 " + h.docid() + " " + (r + 1) + " " + h.score() + " " + runTag + "\n");
          }
        }
      }
      double total = (System.nanoTime() - tAll) / 1e9;
      if (out != null) out.close();
      if (lat != null) lat.close();
      double[] sorted = ms.clone();
      Arrays.sort(sorted);
      double sum = 0;
      for (double v : sorted) sum += v;
      System.err.printf(Locale.ROOT,
                        "lucene search: queries=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f mean_ms=%.3f max_ms=%.3f "
                            + "total_s=%.3f%n",
                        sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                        sorted.length == 0 ? 0.0 : sum / sorted.length,
                        sorted.length == 0 ? 0.0 : sorted[sorted.length - 1], total);
    }
    return 0;
  }

  public static void main(String[] argv) {
    String usage = "usage: LuceneBench index --db DIR PASSAGES.tsv\n"
                   + "       LuceneBench search --db DIR --queries FILE.tsv [--limit 100] [--out RUN]\n"
                   + "                          [--latency-out FILE] [--warmup [--warmup-passes 1]]\n"
                   + "                          [--run-tag lucene]\n";
    if (argv.length < 1) {
      System.err.print(usage);
      System.exit(2);
    }
    try {
      int rc;
      switch (argv[0]) {
        case "index": rc = index(argv); break;
        case "search": rc = search(argv); break;
        case "--help":
        case "-h":
          System.out.print(usage);
          rc = 0;
          break;
        default: throw new UsageError("unknown command '" + argv[0] + "' (expected index or search)");
      }
      System.exit(rc);
    } catch (UsageError e) {
      System.err.println("LuceneBench: " + e.getMessage() + " (see --help)");
    } catch (Exception e) {
      Throwable c = e instanceof RuntimeException && e.getCause() != null ? e.getCause() : e;
      System.err.println("LuceneBench: " + c);
    }
    System.exit(2);
  }
}
