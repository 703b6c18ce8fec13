using System.Text;
using System.Text.RegularExpressions;

namespace EdgeMargin.Models.Babi;

/// <summary>One bAbI question with the story lines before it.</summary>
public sealed record BabiQuestion
{
    /// <summary>Unique id: "qa{task}/{split}/{story}/{line}" (story counted from 1 in its file, line = its number in the story).</summary>
    public required string Id { get; init; }
    /// <summary>Task number (1-20).</summary>
    public required int Task { get; init; }
    /// <summary>"train" or "test".</summary>
    public required string Split { get; init; }
    /// <summary>Statements of the story before the question, in order, without their numbers (earlier questions left out).</summary>
    public required IReadOnlyList<string> Story { get; init; }
    /// <summary>Line numbers (within the story) of <see cref="Story"/>'s statements; supporting ids refer to these.</summary>
    public required IReadOnlyList<int> StoryLineNumbers { get; init; }
    /// <summary>The question text, e.g. "Where is Mary?".</summary>
    public required string Question { get; init; }
    /// <summary>The expected answer (comma-separated for list answers).</summary>
    public required string Answer { get; init; }
    /// <summary>Line numbers of the supporting statements.</summary>
    public required IReadOnlyList<int> SupportingIds { get; init; }
}

/// <summary>The prompt both models get for a bAbI question, and how an answer is scored (as the reference does).</summary>
public static class BabiPrompt
{
    /// <summary>
    /// The story, one statement a line, then the question, then "Answer:" so that the next token is the answer's first
    /// token. The instruction asks for one word: the reference scores 5 greedy tokens by a whole-word match.
    /// </summary>
    public static string Format(BabiQuestion q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var sb = new StringBuilder();
        sb.Append("Read the story and answer the question with one word.\n\n");
        foreach (string line in q.Story) sb.Append(line).Append('\n');
        sb.Append("\nQuestion: ").Append(q.Question).Append("\nAnswer:");
        return sb.ToString();
    }

    /// <summary>
    /// True when every comma-separated part of <paramref name="label"/> appears in <paramref name="answer"/> as a whole
    /// word, ignoring case (the reference's rule, extended to list answers).
    /// </summary>
    public static bool IsCorrect(string answer, string label)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(label);
        var parts = label.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return false;
        foreach (string part in parts)
            if (!Regex.IsMatch(answer, $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(part)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                return false;
        return true;
    }
}
