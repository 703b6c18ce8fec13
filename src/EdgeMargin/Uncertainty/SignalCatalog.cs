using EdgeMargin.Catalogs;

namespace EdgeMargin.Uncertainty;

/// <summary>Every uncertainty signal the command line and outputs know by name. A new signal is one line in <see cref="All"/>.</summary>
public static class SignalCatalog
{
    /// <summary>Every signal in the order tables list them; the first ("margin", the paper's) is the default.</summary>
    public static Catalog<IQuerySignal> All { get; } = new("signal", "signals")
    {
        MarginSignal.Instance,
        MaxProbabilitySignal.Instance,
        EntropySignal.Instance,
        LogRatioSignal.Instance,
        MeanLogProbSignal.Instance,
    };

    /// <summary>The signals that need only a next-token list, which is all a decide request or scenario file carries.</summary>
    public static IReadOnlyList<IUncertaintySignal> NextToken => All.OfType<IUncertaintySignal>().ToArray();

    /// <summary>The signal named <paramref name="name"/> when it needs only a next-token list.</summary>
    /// <exception cref="UnknownNameException">No signal has that name; the message lists the valid ones.</exception>
    /// <exception cref="SignalUnavailableException">The signal needs more than the next-token list (mean-logprob).</exception>
    public static IUncertaintySignal GetNextToken(string? name) => All.Get(name) as IUncertaintySignal
        ?? throw new SignalUnavailableException($"Signal '{name!.Trim()}' needs the answer's token log-probabilities, which a next-token list does not carry; use {string.Join(", ", NextToken.Select(s => s.Name))}.");
}
