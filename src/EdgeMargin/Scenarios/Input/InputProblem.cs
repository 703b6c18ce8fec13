namespace EdgeMargin.Scenarios.Input;

/// <summary>
/// One invalid input value: its JSON path (<c>users[3].topK[1].probability</c>) and what is wrong with it, as a verb
/// phrase that reads after the path ("must lie in [0, 1] (got 1.7).").
/// </summary>
/// <param name="Path">Where the value is, as the client spelt it.</param>
/// <param name="Message">What is wrong and what to do.</param>
public sealed record InputProblem(string Path, string Message)
{
    /// <summary>"path message", the form command-line errors print.</summary>
    public override string ToString() => $"{Path} {Message}";
}
