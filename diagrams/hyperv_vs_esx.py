"""Where the device drivers live: in the parent partition (Hyper-V) or in the hypervisor (ESX).

Hyper-V is a microkernelized hypervisor: the hypervisor holds no device drivers, and the
parent partition's ordinary Windows drivers work the devices, so a new driver is installed in
the parent like any other. ESX, as the article describes it in 2010, is a monolithic
hypervisor: the drivers are built into the hypervisor, which, the article says, needs no host
operating system and less memory and disk, but supports a shorter list of hardware. ESX did
have a management operating system of its own: the Linux-based Service Console, which ran
beside the virtual machines; ESXi, which replaced ESX, has none. The note under ESX is the
article's 2010 claim, not a fact: VMware documents drivers that are installed on the host
separately from the hypervisor, as VIBs (vSphere Installation Bundles). Simplified: each side
shows only what the comparison needs. Sources: the article; VMware's
[Characteristics of the VMware Service Console][vmware-esx2-service-console] and
[VIBs, Image Profiles, and Software Depots][vsphere-67-vibs].
"""

from illustrated.style import (component, figure, flow, kernel_mode, layer, legend, note, partition,
                               row, stack)

with figure("Where the device drivers live: Hyper-V against ESX"):
    with layer("partition", "Hyper-V: microkernelized", id="hyperv"):
        with partition("Parent partition", icon="windows", id="hyperv-parent"):
            with kernel_mode(id="hyperv-parent-kernel"):
                parent_drivers = component("Device drivers", "device-driver", id="hyperv-drivers")
        with partition("Child partitions", id="hyperv-children"):
            hyperv_guests = component("Guest OSes", "guest-os", id="hyperv-guests")
        with layer("hypervisor", "Hyper-V hypervisor", id="hyperv-hypervisor"):
            hyperv_core = component("Processor scheduling,\nmemory, interrupts", "microkernelized-hypervisor",
                                    id="hyperv-core")
            hyperv_calls = component("Hypercall\ninterface", "hypercall", id="hyperv-calls")
        with layer("hardware", "Hardware", id="hyperv-hardware"):
            hyperv_cpus = component("Processors,\nmemory", "hardware", id="hyperv-cpus")
            hyperv_devices = component("Devices", "hardware", id="hyperv-devices")
        hyperv_note = note("New hardware: install its driver\nin the parent partition", id="hyperv-note")
    with layer("partition", "ESX (2010): monolithic", id="esx"):
        with partition("Service Console", id="esx-console"):
            esx_console = component("Linux-based\nmanagement OS", "service-console", id="esx-console-os")
        with partition("Virtual machines", id="esx-vms"):
            esx_guests = component("Guest OSes", "guest-os", id="esx-guests")
        with layer("hypervisor", "ESX hypervisor", id="esx-hypervisor"):
            esx_core = component("Processor scheduling,\nmemory, interrupts", "monolithic-hypervisor",
                                 id="esx-core")
            esx_drivers = component("Device drivers", "monolithic-hypervisor", id="esx-drivers")
        with layer("hardware", "Hardware", id="esx-hardware"):
            esx_cpus = component("Processors,\nmemory", "hardware", id="esx-cpus")
            esx_devices = component("Devices", "hardware", id="esx-devices")
        esx_note = note("The article's claim (2010): new hardware\nmeans waiting for a hypervisor version\n"
                        "that has its driver", id="esx-note")

    stack(
        row(parent_drivers, hyperv_guests, esx_console, esx_guests),
        row(hyperv_core, hyperv_calls, esx_core, esx_drivers),
        row(hyperv_devices, hyperv_cpus, esx_cpus, esx_devices),
        row(hyperv_note, esx_note),
    )
    legend("hardware_access", under=[hyperv_note, esx_note])

    flow("hardware_access", parent_drivers, hyperv_devices)
    flow("hardware_access", esx_drivers, esx_devices)
