namespace EdgeMargin.Scenarios.Input;

/// <summary>
/// The JSON names of the <see cref="UserInput"/> fields that a client spells differently from a <c>decide</c>
/// scenario file, so every problem names the field the client actually sent. The gateway's request says
/// <c>deviceId</c> and <c>localComputeS</c>; every other field has the same name everywhere.
/// </summary>
public sealed record UserInputNames
{
    /// <summary>Name of <see cref="UserInput.Id"/>.</summary>
    public string Id { get; init; } = "id";

    /// <summary>Name of <see cref="UserInput.LocalTimeS"/>.</summary>
    public string LocalTime { get; init; } = "localTimeS";

    /// <summary>The names of a <c>decide</c> scenario file.</summary>
    public static UserInputNames ScenarioFile { get; } = new();
}
