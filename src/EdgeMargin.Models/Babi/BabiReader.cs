using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeMargin.Models.Babi;

/// <summary>
/// Reads the standard bAbI QA format (files qaN_name_train.txt / qaN_name_test.txt). Each line is "number text"; the
/// number restarting at 1 starts a new story; question lines are "number question\tanswer\tsupporting ids".
/// </summary>
public static partial class BabiReader
{
    /// <summary>Tasks left out by default, as in the reference: 7 (counting), 8 (lists) and 19 (path finding) have answers that are not one word.</summary>
    public static readonly IReadOnlySet<int> DefaultExcludedTasks = new HashSet<int> { 7, 8, 19 };

    [GeneratedRegex(@"^qa(\d+)_.*_(train|test)\.txt$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    /// <summary>
    /// Reads every question of <paramref name="split"/> ("train", "test" or "all") in <paramref name="directory"/>, ordered
    /// by task, then split, then file position. Tasks 7, 8 and 19 are skipped unless <paramref name="includeAllTasks"/>;
    /// <paramref name="tasks"/> (optional) keeps only the listed tasks.
    /// </summary>
    /// <exception cref="BabiFormatException">Missing directory, no matching files, or a malformed line.</exception>
    public static IReadOnlyList<BabiQuestion> ReadDirectory(string directory, string split = "test", bool includeAllTasks = false, IReadOnlyCollection<int>? tasks = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (split is not ("train" or "test" or "all"))
            throw new BabiFormatException($"bAbI split '{split}' is not one of train, test, all.");
        if (!Directory.Exists(directory))
            throw new BabiFormatException($"bAbI directory '{directory}' does not exist. Point to the folder holding qaN_*_test.txt, or write one with 'edgemargin babi generate'.");
        var files = new List<(int Task, string Split, string Path)>();
        var leftOut = new SortedSet<int>();
        foreach (string path in Directory.EnumerateFiles(directory))
        {
            var m = FileName().Match(Path.GetFileName(path));
            if (!m.Success) continue;
            int task = TaskNumber(m, path);
            string s = m.Groups[2].Value.ToLowerInvariant();
            if (split != "all" && s != split) continue;
            if (!includeAllTasks && DefaultExcludedTasks.Contains(task) && (tasks is null || !tasks.Contains(task)))
            {
                leftOut.Add(task);
                continue;
            }
            if (tasks is not null && !tasks.Contains(task)) continue;
            files.Add((task, s, path));
        }
        if (files.Count == 0 && leftOut.Count > 0 && tasks is null)
            throw new BabiFormatException($"'{directory}' holds only bAbI task(s) {string.Join(", ", leftOut)} for split '{split}', which are left out by default (their answers are not one word). Add --all-tasks, or --tasks {string.Join(',', leftOut)}.");
        if (files.Count == 0)
            throw new BabiFormatException($"no bAbI files for split '{split}' in '{directory}' (expected names like qa1_single-supporting-fact_{(split == "all" ? "test" : split)}.txt{(tasks is null ? "" : $" for tasks {string.Join(',', tasks)}")}).");
        var questions = new List<BabiQuestion>();
        foreach (var f in files.OrderBy(f => f.Task).ThenBy(f => f.Split, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal))
            questions.AddRange(ReadFile(f.Path, f.Task, f.Split));
        if (questions.Count == 0)
            throw new BabiFormatException($"the bAbI files for split '{split}' in '{directory}' hold no questions (a question line is 'number question<TAB>answer<TAB>supporting ids').");
        return questions;
    }

    // The file-name pattern accepts any digit run, so a stray "qa99999999999_x_test.txt" must be a format error, not an overflow.
    private static int TaskNumber(Match name, string path) =>
        int.TryParse(name.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int task)
            ? task
            : throw new BabiFormatException($"'{path}': task number '{name.Groups[1].Value}' is too large; bAbI files are named qa1_… to qa20_…. Rename or remove the file.");

    /// <summary>Reads one file; the task and split come from its name unless given.</summary>
    /// <exception cref="BabiFormatException">A malformed line (message names file:line).</exception>
    public static IReadOnlyList<BabiQuestion> ReadFile(string path, int? task = null, string? split = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (task is null || split is null)
        {
            var m = FileName().Match(Path.GetFileName(path));
            if (!m.Success) throw new BabiFormatException($"'{path}' is not named like a bAbI file (qaN_name_train.txt or qaN_name_test.txt).");
            task ??= TaskNumber(m, path);
            split ??= m.Groups[2].Value.ToLowerInvariant();
        }
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader, task.Value, split, path);
    }

    /// <summary>Parses bAbI text; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<BabiQuestion> Parse(TextReader reader, int task, string split, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var questions = new List<BabiQuestion>();
        var story = new List<string>();
        var storyNumbers = new List<int>();
        int storyIndex = 0, previous = 0, lineNo = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNo++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            int space = line.IndexOf(' ');
            if (space <= 0 || !int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 1)
                throw new BabiFormatException($"{source}:{lineNo}: a bAbI line starts with its number and a space (e.g. '1 Mary moved to the bathroom.').");
            if (number == 1)
            {
                story.Clear();
                storyNumbers.Clear();
                storyIndex++;
            }
            else if (number != previous + 1)
                throw new BabiFormatException($"{source}:{lineNo}: line number {number} follows {previous}; numbers count up by 1 and restart at 1 for a new story.");
            previous = number;
            string text = line[(space + 1)..];
            if (!text.Contains('\t'))
            {
                story.Add(text.Trim());
                storyNumbers.Add(number);
                continue;
            }
            var parts = text.Split('\t');
            if (parts.Length < 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
                throw new BabiFormatException($"{source}:{lineNo}: a question line is 'number question<TAB>answer<TAB>supporting ids'.");
            var support = new List<int>();
            if (parts.Length > 2)
                foreach (string id in parts[2].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int s) || !storyNumbers.Contains(s))
                        throw new BabiFormatException($"{source}:{lineNo}: supporting id '{id}' is not the number of a statement earlier in this story.");
                    support.Add(s);
                }
            questions.Add(new BabiQuestion
            {
                Id = $"qa{task}/{split}/{storyIndex}/{number}",
                Task = task,
                Split = split,
                Story = story.ToArray(),
                StoryLineNumbers = storyNumbers.ToArray(),
                Question = parts[0].Trim(),
                Answer = parts[1].Trim(),
                SupportingIds = support,
            });
        }
        return questions;
    }
}
