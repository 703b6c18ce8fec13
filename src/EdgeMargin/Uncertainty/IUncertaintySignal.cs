namespace EdgeMargin.Uncertainty;

/// <summary>
/// Turns a next-token distribution into an uncertainty score in [0, 1] where higher means the small model is
/// less sure (so more worth offloading). GOA and every policy read only the score, never the signal.
/// </summary>
public interface IUncertaintySignal : IQuerySignal
{
    /// <summary>The score for one distribution, in [0, 1].</summary>
    double Compute(TopKDistribution distribution);

    /// <summary>Next-token signals look only at the first answer position.</summary>
    double IQuerySignal.Compute(IQueryEvidence query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Compute(query.NextToken);
    }
}
