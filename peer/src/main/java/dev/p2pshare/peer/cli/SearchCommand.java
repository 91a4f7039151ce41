package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.net.SearchResults;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.peer.view.SearchView;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code search WORDS…}: find files on the network. */
@Command(name = "search",
        description = {"Find files on the network whose names contain every word, ignoring case.",
            "SOURCES counts the peers that have the whole file, PARTIAL those downloading it, which serve"
                    + " the chunks they have. Results are numbered: 'get #2' (or 'get 2') fetches the second."})
final class SearchCommand implements Callable<Integer> {

    private final ShellContext context;

    @Parameters(arity = "1..*", paramLabel = "WORD", description = "Words the name must contain.")
    private List<String> words;

    SearchCommand(ShellContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = context.out();
        String query = String.join(" ", words);
        SearchResults result = context.peer().fetching().search(query);
        context.rememberHits(result.hits());
        SearchView view = SearchView.of(query, result, true);
        context.result(view);
        if (view.hits().isEmpty()) {
            out.println("no file on the network matches '" + query + "'");
            out.flush();
            return 0;
        }
        Table table = new Table(">#", "ID", ">SIZE", ">SOURCES", ">PARTIAL", "NAME");
        for (SearchView.Hit hit : view.hits()) {
            table.row(hit.number(), Reference.shortId(hit.id()), Units.bytes(hit.size()), hit.sources(), hit.partial(),
                    hit.name());
        }
        table.print(out, context.style());
        if (view.truncated()) {
            out.println("showing the first " + view.hits().size() + " matches; add words to narrow the search");
        }
        out.flush();
        return 0;
    }
}
