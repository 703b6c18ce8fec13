namespace EdgeMargin.Radio.Channels;

/// <summary>
/// The large-scale part of one link's channel: the power gain from path loss and shadowing (no small-scale fading),
/// and the state it was drawn in, for reports and tests.
/// </summary>
/// <param name="PowerGain">Linear power gain, 10^(-(PL + SF) / 10).</param>
/// <param name="LineOfSight">Whether the link was drawn in line of sight (always true for free space).</param>
/// <param name="PathLossDb">Path loss PL, dB (without shadowing).</param>
/// <param name="ShadowingDb">Shadow fading SF added to the loss, dB (0 when shadowing is off or the model has none).</param>
public readonly record struct LargeScaleGain(double PowerGain, bool LineOfSight, double PathLossDb, double ShadowingDb);
