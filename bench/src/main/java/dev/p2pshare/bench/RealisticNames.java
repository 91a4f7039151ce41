package dev.p2pshare.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * File names as people's files are named (photos, music, videos, documents, camera files) and
 * the words people search them by, drawn from one vocabulary so that searches find something.
 */
public final class RealisticNames {

    private static final String[] PLACES = {"paris", "rome", "lisbon", "kyoto", "oslo", "berlin", "vienna", "prague",
        "seville", "dublin", "athens", "bergen", "lyon", "porto", "nice", "sydney", "boston", "denver", "quebec",
        "havana", "cusco", "nairobi", "hanoi", "seoul", "osaka", "krakow", "riga", "tallinn", "zagreb", "split"};
    private static final String[] WORDS = {"holiday", "summer", "winter", "beach", "mountain", "family", "wedding",
        "birthday", "party", "concert", "trip", "sunset", "garden", "harbour", "market", "museum", "festival", "snow",
        "river", "forest", "night", "morning", "street", "bridge", "castle", "lake", "island", "desert", "train",
        "cathedral", "picnic", "dinner", "school", "graduation", "hike", "camping", "skiing", "sailing", "cycling",
        "marathon", "kitchen", "recipe", "notes", "lecture", "report", "invoice", "budget", "thesis", "draft",
        "final", "scan", "backup", "archive", "project", "design", "sketch", "demo", "interview", "podcast",
        "episode", "season", "chapter", "live", "acoustic", "remix", "remastered", "instrumental", "piano",
        "guitar", "violin", "symphony", "jazz", "blues", "rock", "folk", "lullaby", "ballad", "anthem"};
    private static final String[] ARTISTS = {"the beatles", "nina simone", "miles davis", "radiohead", "bjork",
        "daft punk", "fela kuti", "joni mitchell", "kraftwerk", "aretha franklin", "bob marley", "ella fitzgerald",
        "john coltrane", "portishead", "sade", "talking heads", "the cure", "massive attack", "ali farka toure",
        "caetano veloso", "cesaria evora", "the smiths", "pink floyd", "led zeppelin", "david bowie"};
    private static final String[] VIDEO = {"1080p", "720p", "2160p", "x264", "hevc", "web", "bluray", "dvdrip"};

    private RealisticNames() {
    }

    /** A word as people search: most often whole, sometimes its start. */
    public static String queryWord(SplittableRandom random) {
        String[] pool = switch (random.nextInt(4)) {
            case 0 -> PLACES;
            case 1 -> WORDS;
            case 2 -> ARTISTS[random.nextInt(ARTISTS.length)].split(" ");
            default -> WORDS;
        };
        String word = pool[random.nextInt(pool.length)];
        return random.nextInt(5) == 0 && word.length() > 4 ? word.substring(0, 4) : word;
    }

    /** A file name as people's files are named. */
    public static String fileName(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> String.format(Locale.ROOT, "%s %s %d - %03d.jpg", pick(random, PLACES), pick(random, WORDS),
                    2000 + random.nextInt(26), random.nextInt(1000));
            case 1 -> String.format(Locale.ROOT, "%s - %s %s.mp3", pick(random, ARTISTS), pick(random, WORDS), pick(random, WORDS));
            case 2 -> String.format(Locale.ROOT, "%s %s (%d) %s.mkv", capital(pick(random, WORDS)), capital(pick(random, PLACES)),
                    1950 + random.nextInt(76), pick(random, VIDEO));
            case 3 -> String.format(Locale.ROOT, "%s_%s_v%d.pdf", pick(random, WORDS), pick(random, WORDS), 1 + random.nextInt(9));
            default -> String.format(Locale.ROOT, "IMG_%04d.JPG", random.nextInt(10_000));
        };
    }

    private static String pick(SplittableRandom random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
