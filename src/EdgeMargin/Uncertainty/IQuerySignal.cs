using EdgeMargin.Catalogs;

namespace EdgeMargin.Uncertainty;

/// <summary>
/// Turns everything known about one query into an uncertainty score in [0, 1] (higher = the small model is less
/// sure). This is what the simulator reads; next-token signals implement <see cref="IUncertaintySignal"/>, which
/// answers this interface from <see cref="IQueryEvidence.NextToken"/>, while sequence-level signals (e.g. mean answer
/// log-probability) read the answer's tokens too.
/// </summary>
/// <remarks>Its <see cref="INamed.Name"/> (e.g. "margin") is what the command line, outputs and <see cref="SignalCatalog"/> know it by.</remarks>
public interface IQuerySignal : INamed
{
    /// <summary>The score for one query, in [0, 1].</summary>
    /// <exception cref="SignalUnavailableException">The query lacks the data the signal needs.</exception>
    double Compute(IQueryEvidence query);
}
