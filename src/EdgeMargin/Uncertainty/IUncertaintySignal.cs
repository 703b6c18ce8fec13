namespace EdgeMargin.Uncertainty;

/// <summary>
/// Turns a next-token distribution into an uncertainty score in [0, 1] where higher means the small model is
/// less sure (so more worth offloading). GOA and every policy read only the score, never the signal.
/// </summary>
public interface IUncertaintySignal
{
    /// <summary>Short, stable name used on the command line and in outputs (e.g. "margin").</summary>
    string Name { get; }

    /// <summary>The score for one distribution, in [0, 1].</summary>
    double Compute(TopKDistribution distribution);
}
