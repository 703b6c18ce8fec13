using System.Globalization;
using System.Text;
using EdgeMargin.Sampling;

namespace EdgeMargin.Models.Babi;

/// <summary>
/// Writes bAbI-style stories for tasks 1 (single supporting fact), 2 (two supporting facts), 3 (three supporting facts)
/// and 6 (yes/no questions), with correct answers and supporting ids, in the standard file format. It stands in for the
/// real data set where that cannot be downloaded; the vocabulary follows the original's.
/// </summary>
public static class BabiGenerator
{
    /// <summary>Tasks the generator can write.</summary>
    public static readonly IReadOnlyList<int> SupportedTasks = [1, 2, 3, 6];

    /// <summary>Questions per story, as in the original tasks.</summary>
    public const int QuestionsPerStory = 5;

    private static readonly string[] People = ["Mary", "John", "Sandra", "Daniel"];
    private static readonly string[] Places = ["bathroom", "hallway", "kitchen", "office", "garden", "bedroom"];
    private static readonly string[] Objects = ["football", "apple", "milk"];
    private static readonly string[] MoveVerbs = ["moved to", "went to", "journeyed to", "travelled to", "went back to"];
    private static readonly string[] GrabVerbs = ["got", "picked up", "grabbed", "took"];

    /// <summary>The standard file-name stem of a task, e.g. "qa1_single-supporting-fact".</summary>
    public static string FileStem(int task) => task switch
    {
        1 => "qa1_single-supporting-fact",
        2 => "qa2_two-supporting-facts",
        3 => "qa3_three-supporting-facts",
        6 => "qa6_yes-no-questions",
        _ => throw new ArgumentException($"bAbI task {task} cannot be generated; supported tasks: {string.Join(", ", SupportedTasks)}."),
    };

    /// <summary>
    /// Writes qaN_name_train.txt and qaN_name_test.txt for each task into <paramref name="directory"/>, each with
    /// <paramref name="stories"/> stories. Each (task, split) uses its own stream of <paramref name="seed"/>, so adding a task
    /// does not change the others. Returns the written paths.
    /// </summary>
    public static IReadOnlyList<string> WriteFiles(string directory, IReadOnlyList<int> tasks, int stories, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentOutOfRangeException.ThrowIfLessThan(stories, 1);
        foreach (int t in tasks) FileStem(t);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (int task in tasks)
            foreach (var (split, stream) in new[] { ("train", 0UL), ("test", 1UL) })
            {
                string path = Path.Combine(directory, $"{FileStem(task)}_{split}.txt");
                var random = SeededRandom.ForStream(seed, (ulong)task * 2 + stream);
                string temp = path + ".tmp";
                File.WriteAllText(temp, Generate(task, stories, random), new UTF8Encoding(false));
                File.Move(temp, path, overwrite: true);
                written.Add(path);
            }
        return written;
    }

    /// <summary>The text of <paramref name="stories"/> stories of <paramref name="task"/>.</summary>
    public static string Generate(int task, int stories, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        FileStem(task);
        var sb = new StringBuilder();
        for (int s = 0; s < stories; s++) new Story(task, random, sb).Write();
        return sb.ToString();
    }

    /// <summary>One story: a small world of people, places and objects, with statements and questions about it.</summary>
    private sealed class Story(int task, SeededRandom random, StringBuilder sb)
    {
        private readonly Dictionary<string, (string Place, int Line)> _at = [];
        // Where each held object has been: the place and the line that put it there (a move of its holder).
        private readonly Dictionary<string, (string Holder, int GrabLine, List<(string Place, int Line)> History)> _held = [];
        private int _line;

        public void Write()
        {
            int asked = 0, sinceQuestion = 0;
            while (asked < QuestionsPerStory)
            {
                Statement();
                sinceQuestion++;
                // Two statements between questions, like the original; more when nothing can be asked yet.
                if (sinceQuestion >= 2 && Question()) { asked++; sinceQuestion = 0; }
            }
        }

        private string Pick(string[] items) => items[random.NextInt(items.Length)];

        private void Statement()
        {
            bool objects = task is 2 or 3;
            var free = Objects.Where(o => !_held.ContainsKey(o)).ToArray();
            var placed = People.Where(_at.ContainsKey).ToArray();
            if (objects && free.Length > 0 && placed.Length > 0 && random.NextDouble() < 0.35)
            {
                string who = placed[random.NextInt(placed.Length)], what = free[random.NextInt(free.Length)];
                int line = Emit($"{who} {Pick(GrabVerbs)} the {what} there.");
                _held[what] = (who, line, [(_at[who].Place, _at[who].Line)]);
                return;
            }
            string person = Pick(People);
            string place;
            do place = Pick(Places); while (_at.TryGetValue(person, out var now) && now.Place == place);
            int moveLine = Emit($"{person} {Pick(MoveVerbs)} the {place}.");
            _at[person] = (place, moveLine);
            foreach (var h in _held.Values.Where(h => h.Holder == person)) h.History.Add((place, moveLine));
        }

        private bool Question()
        {
            switch (task)
            {
                case 1:
                {
                    var known = People.Where(_at.ContainsKey).ToArray();
                    if (known.Length == 0) return false;
                    string p = known[random.NextInt(known.Length)];
                    return Ask($"Where is {p}?", _at[p].Place, [_at[p].Line]);
                }
                case 6:
                {
                    var known = People.Where(_at.ContainsKey).ToArray();
                    if (known.Length == 0) return false;
                    string p = known[random.NextInt(known.Length)];
                    bool yes = random.NextDouble() < 0.5;
                    string place = yes ? _at[p].Place : Places.Where(x => x != _at[p].Place).ElementAt(random.NextInt(Places.Length - 1));
                    return Ask($"Is {p} in the {place}?", yes ? "yes" : "no", [_at[p].Line]);
                }
                case 2:
                {
                    var held = _held.Keys.Order(StringComparer.Ordinal).ToArray();
                    if (held.Length == 0) return false;
                    string o = held[random.NextInt(held.Length)];
                    var h = _held[o];
                    var (place, line) = h.History[^1];
                    return Ask($"Where is the {o}?", place, [h.GrabLine, line]);
                }
                default:
                {
                    // "Where was O before P?" is only well posed when O has moved on and P is its only visit to P.
                    var candidates = _held.Keys.Order(StringComparer.Ordinal)
                        .Where(o => _held[o].History is { Count: >= 2 } hist && hist.Count(x => x.Place == hist[^1].Place) == 1)
                        .ToArray();
                    if (candidates.Length == 0) return false;
                    string o = candidates[random.NextInt(candidates.Length)];
                    var h = _held[o];
                    var before = h.History[^2];
                    var now = h.History[^1];
                    return Ask($"Where was the {o} before the {now.Place}?", before.Place, [before.Line, h.GrabLine, now.Line]);
                }
            }
        }

        private bool Ask(string question, string answer, int[] support)
        {
            var ids = support.Distinct().Order().Select(i => i.ToString(CultureInfo.InvariantCulture));
            // The original files put a space before the tab; the reader trims it.
            Emit($"{question} \t{answer}\t{string.Join(' ', ids)}");
            return true;
        }

        private int Emit(string text)
        {
            _line++;
            sb.Append(_line.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(text).Append('\n');
            return _line;
        }
    }
}
