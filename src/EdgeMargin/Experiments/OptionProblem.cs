namespace EdgeMargin.Experiments;

/// <summary>
/// One problem with a set of options, naming the field it concerns, so a front end can say it in its own words
/// (the CLI names its flag instead: "--users: every user count must be at least 1").
/// </summary>
/// <param name="Field">The option's property name ("Users").</param>
/// <param name="Text">The rest of the sentence after the field's name: ": every user count must …" or " must be …".</param>
public sealed record OptionProblem(string Field, string Text)
{
    /// <summary>The problem with the field called <paramref name="name"/> instead (a flag, a JSON path).</summary>
    public string Render(string name) => name + Text;

    /// <summary>The problem in the core's words: "Users: every user count must be at least 1 (got 0).".</summary>
    public override string ToString() => Field + Text;
}
