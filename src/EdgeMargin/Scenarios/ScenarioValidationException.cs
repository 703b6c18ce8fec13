namespace EdgeMargin.Scenarios;

/// <summary>A scenario or parameter set that cannot be used; <see cref="Problems"/> lists every problem found.</summary>
public sealed class ScenarioValidationException : ArgumentException
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public ScenarioValidationException(IReadOnlyList<string> problems)
        : base("Invalid scenario: " + string.Join(" ", problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, each naming where it is and what to do.</summary>
    public IReadOnlyList<string> Problems { get; }
}
