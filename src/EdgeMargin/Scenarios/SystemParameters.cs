using System.Text.Json.Serialization;
using EdgeMargin.Scenarios.Json;

namespace EdgeMargin.Scenarios;

/// <summary>
/// Everything an epoch is computed under, as small records of one concept each: the formula set (<see cref="Mode"/>),
/// the <see cref="Physical"/> constants, the Monte-Carlo <see cref="Generator"/>'s distributions, the decision's
/// <see cref="EdgeEstimate"/> heuristic and the servers' <see cref="Admission"/> cap. Every part has the paper's
/// values as default; docs/system-model.md (section 10) describes each. Immutable; change values with <c>with</c>
/// (<c>p with { Physical = p.Physical with { BandwidthHz = 5e7 } }</c>).
/// </summary>
/// <remarks>
/// <para>
/// It used to be one flat bag of sixteen values. The parts are read by different layers for different reasons (the
/// delay formulas read <see cref="Physical"/>, only the generator reads <see cref="Generator"/>, the engines read
/// <see cref="Mode"/> and <see cref="Admission"/>), and a new capability (a channel model, arrivals over time) adds
/// its own part instead of more fields to the bag.
/// </para>
/// <para>
/// In JSON (the <c>parameters</c> section of a <c>simulate --config</c> file, of a <c>decide</c> scenario and of the
/// gateway config) it is written nested, one object per part; the old flat form (<c>{"bandwidthHz": 5e7,
/// "maxUsersPerServer": 6}</c>) is still read and gives the same values (see <see cref="SystemParametersJsonConverter"/>).
/// </para>
/// </remarks>
[JsonConverter(typeof(SystemParametersJsonConverter))]
public sealed record SystemParameters
{
    /// <summary>Formula set: <see cref="ModelMode.Default"/> (corrected) or <see cref="ModelMode.Reference"/> (paper code).</summary>
    public ModelMode Mode { get; init; } = ModelMode.Default;

    /// <summary>Radio, noise and compute constants.</summary>
    public PhysicalConstants Physical { get; init; } = PhysicalConstants.Paper;

    /// <summary>How the Monte-Carlo generator draws areas and capacities.</summary>
    public GeneratorDistributions Generator { get; init; } = GeneratorDistributions.Paper;

    /// <summary>How a decision estimates the large model's edge work.</summary>
    public EdgeTimeEstimate EdgeEstimate { get; init; } = EdgeTimeEstimate.Paper;

    /// <summary>How many users a server admits.</summary>
    public AdmissionControl Admission { get; init; } = AdmissionControl.Unlimited;

    /// <summary>The corrected model with the paper's constants.</summary>
    public static SystemParameters Default { get; } = new();

    /// <summary>The reference code's formulas and constants.</summary>
    public static SystemParameters Reference { get; } = new() { Mode = ModelMode.Reference };

    /// <summary>Bits sent per payload byte: 8 in the default model, 1 in the reference (its byte count is used as bits).</summary>
    public double BitsPerPayloadByte => Mode == ModelMode.Reference ? 1 : 8;

    /// <summary>Whether pairs with a non-finite delay are excluded from every decision.</summary>
    public bool ExcludesInfeasiblePairs => Mode != ModelMode.Reference;

    /// <summary>
    /// Checks every value; returns the problems found (empty when valid), each naming the field by its JSON path below
    /// <c>parameters</c> (e.g. <c>physical.bandwidthHz</c>) and the fix.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Mode)) problems.Add($"mode must be 'default' or 'reference' (got {(int)Mode}).");
        if (Physical is null) problems.Add("physical is null; give an object or leave it out for the paper's constants.");
        else Physical.Validate(problems, "physical.");
        if (Generator is null) problems.Add("generator is null; give an object or leave it out for the paper's distributions.");
        else Generator.Validate(problems, "generator.");
        if (EdgeEstimate is null) problems.Add("edgeEstimate is null; give an object or leave it out for the paper's ratio.");
        else EdgeEstimate.Validate(problems, "edgeEstimate.");
        if (Admission is null) problems.Add("admission is null; give an object or leave it out for no cap.");
        else Admission.Validate(problems, "admission.");
        return problems;
    }
}
