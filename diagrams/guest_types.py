"""The parent partition and three guests: how each kind of guest reaches the devices.

A Windows guest and a Linux guest with integration components use synthetic devices: their
VSCs talk over VMBus to the VSPs in the parent's kernel mode. A guest without integration
components uses emulated devices (the legacy network adapter, the IDE controller): its
device accesses are trapped by the hypervisor and served by the VMWP in the parent's user
mode. Either way, only the parent's device drivers touch the hardware. Simplified: one VMWP
is drawn, though each virtual machine has its own.
"""

from style import (component, figure, flow, hardware, hypervisor, kernel_mode, legend, partition,
                   row, stack, user_mode)

with figure("The parent partition and three kinds of guest"):
    with partition("Parent partition", icon="windows"):
        with user_mode(id="parent-user"):
            wmi = component("WMI providers", "wmi-provider")
            vmms = component("VMMS", "vmms")
            vmwp = component("VMWP", "vmwp")
        with kernel_mode(id="parent-kernel"):
            vid = component("VID", "vid")
            kernel = component("Windows kernel", "windows-kernel")
            drivers = component("Device drivers", "device-driver")
            vsp = component("VSPs", "vsp")
            vmbus = component("VMBus", "vmbus")
    with partition("Windows guest\nwith integration components", icon="windows", id="windows-guest"):
        with user_mode(id="windows-user"):
            windows_apps = component("Applications", "application", id="windows-apps")
        with kernel_mode(id="windows-kernel-mode"):
            windows_vsc = component("VSCs", "vsc", id="windows-vsc")
    with partition("Guest without\nintegration components", id="legacy-guest"):
        with user_mode(id="legacy-user"):
            legacy_apps = component("Applications", "application", id="legacy-apps")
        with kernel_mode(id="legacy-kernel-mode"):
            emulated = component("Emulated devices:\nlegacy network adapter,\nIDE controller", "emulated-device")
    with partition("Linux guest\nwith integration components", icon="linux", id="linux-guest"):
        with user_mode(id="linux-user"):
            linux_apps = component("Applications", "application", id="linux-apps")
        with kernel_mode(id="linux-kernel-mode"):
            linux_vsc = component("VSCs", "vsc", id="linux-vsc")
    duties = hypervisor(intercepts=True)
    devices = hardware()

    stack(
        row(wmi, vmms, vmwp, windows_apps, legacy_apps, linux_apps),
        row(vid, kernel, drivers, vsp, vmbus, windows_vsc, emulated, linux_vsc),
        row(*duties),
        row(*devices),
    )
    legend("vmbus", "trap", "io_request", "hardware_access", under=devices)

    flow("vmbus", windows_vsc, vmbus)
    flow("vmbus", linux_vsc, vmbus)
    flow("vmbus", vmbus, vsp)
    flow("io_request", vsp, drivers)
    flow("trap", emulated, duties.intercepts)
    flow("trap", duties.intercepts, vmwp)
    flow("io_request", vmwp, drivers)
    flow("hardware_access", drivers, devices.storage)
    flow("hardware_access", drivers, devices.network)
