namespace EdgeMargin.Scenarios;

/// <summary>
/// How <see cref="ScenarioGenerator"/> draws a Monte-Carlo epoch: the square area users are dropped in and the uniform
/// factors of device and edge capacities. Each has the paper's value as default. Immutable.
/// </summary>
/// <remarks>
/// Only the generator (and the defaults it lends to hand-written epochs, such as the gateway's server capacity) reads
/// these: an epoch read from a file or from devices has its capacities and positions already.
/// </remarks>
public sealed record GeneratorDistributions
{
    /// <summary>Side of the square deployment area, metres (D = 500).</summary>
    public double AreaSideM { get; init; } = 500;

    /// <summary>Device capacity is C_L * U(min, max); lower factor (0.5).</summary>
    public double DeviceCapacityMinFactor { get; init; } = 0.5;

    /// <summary>Device capacity upper factor (1.5).</summary>
    public double DeviceCapacityMaxFactor { get; init; } = 1.5;

    /// <summary>Edge server capacity is multiplier * C_max * U(min, max); multiplier (10).</summary>
    public double EdgeCapacityMultiplier { get; init; } = 10;

    /// <summary>Edge capacity lower factor (0.6).</summary>
    public double EdgeCapacityMinFactor { get; init; } = 0.6;

    /// <summary>Edge capacity upper factor (1.4).</summary>
    public double EdgeCapacityMaxFactor { get; init; } = 1.4;

    /// <summary>The paper's distributions.</summary>
    public static GeneratorDistributions Paper { get; } = new();

    /// <summary>Every problem, each naming the field by its JSON path (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Validate(problems, "");
        return problems;
    }

    internal void Validate(List<string> problems, string prefix)
    {
        FieldChecks.Positive(problems, prefix + "areaSideM", AreaSideM);
        FieldChecks.Positive(problems, prefix + "deviceCapacityMinFactor", DeviceCapacityMinFactor);
        FieldChecks.Positive(problems, prefix + "deviceCapacityMaxFactor", DeviceCapacityMaxFactor);
        FieldChecks.Positive(problems, prefix + "edgeCapacityMultiplier", EdgeCapacityMultiplier);
        FieldChecks.Positive(problems, prefix + "edgeCapacityMinFactor", EdgeCapacityMinFactor);
        FieldChecks.Positive(problems, prefix + "edgeCapacityMaxFactor", EdgeCapacityMaxFactor);
        FieldChecks.Ordered(problems, prefix + "deviceCapacityMinFactor", DeviceCapacityMinFactor, prefix + "deviceCapacityMaxFactor", DeviceCapacityMaxFactor);
        FieldChecks.Ordered(problems, prefix + "edgeCapacityMinFactor", EdgeCapacityMinFactor, prefix + "edgeCapacityMaxFactor", EdgeCapacityMaxFactor);
    }
}
