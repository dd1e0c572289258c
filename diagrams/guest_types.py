"""The parent partition and three guests: how each kind of guest reaches the devices.

A Windows guest and a Linux guest with integration components (ICs) use synthetic devices:
their VSCs talk over VMBus to the VSPs in the parent's kernel mode. A guest without
integration components sees emulated hardware, such as an IDE controller and a legacy
network adapter, and drives it with its own, ordinary drivers; the parent's virtualization
stack implements those emulated devices, in the virtual machine's worker process (VMWP), in
user mode. The guest's accesses to the emulated hardware are intercepted by the hypervisor,
which sends the parent an intercept message. Either way, only the parent's device drivers
touch the hardware. The Hyper-V WMI provider is hosted by VMMS. Simplified: only the VMWP of
the guest without ICs is drawn, though every running virtual machine has its own; how the
intercept message reaches the VMWP inside the parent is not drawn. Sources:
[Hyper-V architecture][hyper-v-architecture];
[Hyper-V architecture (performance tuning)][performance-tuning-hyper-v-architecture];
[TLFS 6.0b, §6.1 "Overview" of host intercepts][tlfs-6.0b];
[Msvm_VirtualSystemManagementService class][msvm-virtualsystemmanagementservice].
"""

from style import (above, component, figure, flow, hardware, hypervisor, kernel_mode, legend, partition,
                   process, row, stack, user_mode)

with figure("The parent partition and three kinds of guest"):
    with partition("Windows guest\nwith ICs", icon="windows", id="windows-guest"):
        with user_mode(id="windows-user"):
            windows_apps = component("Applications", "application", id="windows-apps")
        with kernel_mode(id="windows-kernel-mode"):
            windows_vsc = component("VSCs", "vsc", id="windows-vsc")
            windows_vmbus = component("VMBus", "vmbus", id="windows-vmbus")
    with partition("Parent partition", icon="windows"):
        with user_mode(id="parent-user"):
            with process("VMMS", "vmms", id="vmms"):
                wmi = component("WMI provider", "wmi-provider")
            with process("VMWP of the VM\nwithout ICs", "vmwp", id="vmwp"):
                emulated = component("Emulated devices:\nIDE controller,\nlegacy network adapter",
                                     "emulated-device")
        with kernel_mode(id="parent-kernel"):
            vid = component("VID", "vid")
            kernel = component("Windows kernel", "windows-kernel")
            vsp = component("VSPs", "vsp")
            drivers = component("Device drivers", "device-driver")
            vmbus = component("VMBus", "vmbus")
    with partition("Guest\nwithout ICs", id="legacy-guest"):
        with user_mode(id="legacy-user"):
            legacy_apps = component("Applications", "application", id="legacy-apps")
        with kernel_mode(id="legacy-kernel-mode"):
            legacy_drivers = component("Its own IDE and\nnetwork drivers", "device-driver", id="legacy-drivers")
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
        row(legacy_apps, emulated, wmi, windows_apps, linux_apps),
        row(legacy_drivers, vid, drivers, vsp, kernel, windows_vsc, linux_vsc),
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
    flow("trap", legacy_drivers, duties.intercepts)
    flow("trap", duties.intercepts, emulated)
    flow("io_request", emulated, drivers)
    flow("hardware_access", drivers, devices.storage)
    flow("hardware_access", drivers, devices.network)
