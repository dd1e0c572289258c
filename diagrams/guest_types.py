"""The parent partition and three guests: how each kind of guest reaches the devices.

A Windows guest and a Linux guest with integration components (ICs) use synthetic devices:
their VSCs talk over VMBus to the VSPs in the parent's kernel mode. A guest without
integration components uses emulated devices (the legacy network adapter, the IDE
controller): its device accesses are trapped by the hypervisor and served by the VMWP in
the parent's user mode. Either way, only the parent's device drivers touch the hardware.
Simplified: one VMWP is drawn, though each virtual machine has its own.
"""

from style import (above, component, figure, flow, hardware, hypervisor, kernel_mode, legend, partition,
                   row, stack, user_mode)

with figure("The parent partition and three kinds of guest"):
    with partition("Windows guest\nwith ICs", icon="windows", id="windows-guest"):
        with user_mode(id="windows-user"):
            windows_apps = component("Applications", "application", id="windows-apps")
        with kernel_mode(id="windows-kernel-mode"):
            windows_vsc = component("VSCs", "vsc", id="windows-vsc")
            windows_vmbus = component("VMBus", "vmbus", id="windows-vmbus")
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
    with partition("Guest\nwithout ICs", id="legacy-guest"):
        with user_mode(id="legacy-user"):
            legacy_apps = component("Applications", "application", id="legacy-apps")
        with kernel_mode(id="legacy-kernel-mode"):
            emulated = component("Emulated devices:\nlegacy network adapter,\nIDE controller", "emulated-device")
    with partition("Linux guest\nwith ICs", icon="linux", id="linux-guest"):
        with user_mode(id="linux-user"):
            linux_apps = component("Applications", "application", id="linux-apps")
        with kernel_mode(id="linux-kernel-mode"):
            linux_vsc = component("VSCs", "vsc", id="linux-vsc")
            linux_vmbus = component("VMBus", "vmbus", id="linux-vmbus")
    duties = hypervisor(intercepts=True)
    devices = hardware()

    # The guest without ICs stands left of the parent and the guests with ICs right of it: its
    # trap path and the VMBus channels then reach the parent from opposite sides, uncrossed.
    stack(
        row(legacy_apps, vmwp, vmms, wmi, windows_apps, linux_apps),
        row(emulated, vid, drivers, vsp, kernel, windows_vsc, linux_vsc),
        row(vmbus, windows_vmbus, linux_vmbus),
        row(duties.intercepts, duties.scheduling, duties.interrupts, duties.translation, duties.hypercalls),
        row(devices.storage, devices.network, devices.processors, devices.memory),
    )
    above(vsp, vmbus)
    legend("vmbus", "trap", "io_request", "hardware_access", under=devices)

    flow("vmbus", windows_vsc, windows_vmbus)
    flow("vmbus", windows_vmbus, vmbus)
    flow("vmbus", linux_vsc, linux_vmbus)
    flow("vmbus", linux_vmbus, vmbus)
    flow("vmbus", vmbus, vsp)
    flow("io_request", vsp, drivers)
    flow("trap", emulated, duties.intercepts)
    flow("trap", duties.intercepts, vmwp)
    flow("io_request", vmwp, drivers)
    flow("hardware_access", drivers, devices.storage)
    flow("hardware_access", drivers, devices.network)
